"""Personal data kept no longer than needed: `PHANANH_RETENTION_DAYS` after a complaint closed,
a periodic job erases it in bounded batches (each batch one transaction); a province admin
erases one complaint at a citizen's request. Erasing deletes the evidence files and the notes
(resubmissions, supplements), replaces the person in the complaint's row by a pseudonym, and
publishes ComplaintErased for notification's copy of the phone:
the tracking code, the category, the units, the doses claimed and the dates stay, so the
figures (reporting's own, from the events) do not change. Each erasure is recorded."""

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import domain
from intake.store import erasures as store
from phananh.events.v1.intake_events_pb2 import ComplaintErased
from phananh.types.v1 import types_pb2
from phananh_common import outbox, tracking_codes
from phananh_common.errors import NotFound
from phananh_common.local_time import Clock
from phananh_common.protoconv import from_datetime
from phananh_common.tokens import Principal

log = logging.getLogger(__name__)

RETENTION = "retention"
BATCH = 200
# Closed complaints pass their retention continuously; an hour late is within any promise.
EVERY = timedelta(hours=1)


def pseudonym(found: store.ToErase) -> str:
    return f"erased:{found.complaint_id}"


def erased_complaint(found: store.ToErase) -> bytes:
    """The complaint as submitted without its person: the name a pseudonym; birth date,
    phone, identity and insurance numbers, street and description gone; the units, category
    and claimed doses kept."""
    complaint = types_pb2.Complaint.FromString(found.complaint)
    address = complaint.citizen.address
    complaint.citizen.CopyFrom(
        types_pb2.Citizen(
            full_name=pseudonym(found),
            address=types_pb2.Address(
                province_code=address.province_code,
                district_code=address.district_code,
                commune_code=address.commune_code,
            ),
        )
    )
    complaint.description = ""
    return complaint.SerializeToString()


async def _erase(conn, found: store.ToErase, at: datetime) -> None:
    """The complaint erased here, and the others told (notification's copy of the phone)."""
    name = pseudonym(found)
    await store.erase(conn, found, name, erased_complaint(found), at)
    told = ComplaintErased(
        complaint_id=str(found.complaint_id),
        tracking_code=found.tracking_code,
        pseudonym=name,
        erased_at=from_datetime(at),
    )
    await outbox.publish(conn, "intake", [told])


class Erasures:
    def __init__(self, engine: AsyncEngine, clock: Clock, keep_for: timedelta):
        self._engine = engine
        self._clock = clock
        self._keep_for = keep_for

    async def erase_expired(self, limit: int = BATCH) -> int:
        """One batch of the complaints closed longer than the retention; how many."""
        now = self._clock()
        async with self._engine.begin() as conn:
            due = await store.closed_before(conn, now - self._keep_for, limit)
            for found in due:
                await _erase(conn, found, now)
            await store.record(conn, now, [f.tracking_code for f in due], RETENTION)
        return len(due)

    async def erase_requested(
        self, admin: Principal, client_address: str, tracking_code: str
    ) -> tuple[str, datetime]:
        """One complaint's personal data erased at its citizen's request (again: recorded
        again, nothing more to erase); its code and the instant."""
        code = domain.parse_tracking_code(tracking_code)
        now = self._clock()
        async with self._engine.begin() as conn:
            found = await store.by_code(conn, code) if code else None
            if found is None:
                raise NotFound("no complaint with this tracking code")
            if not found.erased:
                await _erase(conn, found, now)
            await store.record(conn, now, [code], admin.username, admin.role, client_address)
        return tracking_codes.shown(code), now

    async def run(self) -> None:
        """At start, then every hour: batches until none is left."""
        while True:
            try:
                erased = 0
                while (done := await self.erase_expired()) == BATCH:
                    erased += done
                erased += done
                if erased:
                    log.info("erased the personal data of %d closed complaints", erased)
            except Exception:
                log.exception("intake's retention failed")
            await asyncio.sleep(EVERY.total_seconds())
