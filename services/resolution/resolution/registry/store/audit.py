"""The registry's audit trail: every change to a record, who made it, when, through which
case, the record before and after."""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.registry.domain.changes import HistoryEntry
from resolution.registry.domain.records import Record
from resolution.registry.store.tables import registry_audit


def record_json(record: Record) -> dict:
    """The record as the audit keeps it."""
    return {
        "citizen_id": str(record.citizen_id),
        "person": {k: str(v) for k, v in vars(record.person).items()},
        "doses": [{k: str(v) for k, v in vars(d).items()} for d in record.doses],
        "certificate": {
            "certificate_id": str(record.certificate.certificate_id),
            "level": record.certificate.level,
            "version": record.certificate.version,
        }
        if record.certificate
        else None,
        "merged_into": str(record.merged_into) if record.merged_into else None,
    }


async def audit(
    conn: AsyncConnection,
    now: datetime,
    actor: str,
    action: str,
    case_id: uuid.UUID | None,
    before: Record | None,
    after: Record,
) -> int:
    """The entry's id, which grows with each change (a record's are in the order made)."""
    return await conn.scalar(
        registry_audit.insert()
        .returning(registry_audit.c.audit_id)
        .values(
            at=now,
            actor=actor,
            action=action,
            case_id=case_id,
            citizen_id=after.citizen_id,
            before=record_json(before) if before else None,
            after=record_json(after),
        )
    )


async def history_of(conn: AsyncConnection, citizen_id: uuid.UUID) -> list[HistoryEntry]:
    """The record's changes, newest first."""
    a = registry_audit.c
    rows = await conn.execute(
        select(a.at, a.actor, a.action, a.case_id, a.before, a.after)
        .where(a.citizen_id == citizen_id)
        .order_by(a.audit_id.desc())
    )
    return [HistoryEntry(*r) for r in rows]
