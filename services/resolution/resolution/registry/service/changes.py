"""Every change of the registry, in the caller's transaction: the records written, each
change in the registry's history, and the RegistryRecordChanged the electronic health book
takes, for the caller to publish with its other events."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from phananh.events.v1.resolution_events_pb2 import RegistryRecordChanged
from resolution.registry.domain.changes import Origin, affected_doses
from resolution.registry.domain.records import Record
from resolution.registry.service.events import record_changed
from resolution.registry.store.audit import audit
from resolution.registry.store.records import save_record


@dataclass(frozen=True)
class Change:
    """A record as it was (None: created by the change) and as the change leaves it."""

    before: Record | None
    after: Record
    # What the history calls it: CORRECTED, MERGED, IMPORTED.
    action: str
    # The certificate level the record earns afterwards; "" for none (a merged record).
    level: str = ""


async def write_change(
    conn: AsyncConnection,
    origin: Origin,
    now: datetime,
    change: Change,
    merged: Sequence[Change] = (),
) -> RegistryRecordChanged:
    """Writes the record and the records merged into it, each with its history entry; the
    event of the change. The merged records are written after the
    record, which takes their doses first."""
    saved = await save_record(conn, change.before, change.after, change.level, now)
    sequence = await audit(
        conn, now, origin.actor, change.action, origin.case_id, change.before, saved
    )
    gone = []
    for m in merged:
        record = await save_record(conn, m.before, m.after, m.level, now)
        await audit(conn, now, origin.actor, m.action, origin.case_id, m.before, record)
        gone.append(record)
    doses = affected_doses(change.before, saved)
    return record_changed(saved, sequence, origin, doses, gone, now)
