"""The registry's audit trail: every change to a record, who made it, when, through which
case, the record before and after."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

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
    case_id: uuid.UUID,
    before: Record | None,
    after: Record,
) -> None:
    await conn.execute(
        registry_audit.insert().values(
            at=now,
            actor=actor,
            action=action,
            case_id=case_id,
            citizen_id=after.citizen_id,
            before=record_json(before) if before else None,
            after=record_json(after),
        )
    )
