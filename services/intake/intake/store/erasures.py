"""A complaint's personal data erased: its evidence and notes deleted, its row's person a
pseudonym (the tracking code, category, units and dates stay), and the erasure recorded."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.store.tables import complaint_notes, complaints, erasures, evidence


@dataclass(frozen=True)
class ToErase:
    complaint_id: uuid.UUID
    tracking_code: str
    # phananh.types.v1.Complaint, as submitted.
    complaint: bytes
    erased: bool


def _locked(condition, limit: int | None = None):
    c = complaints.c
    query = select(c.complaint_id, c.tracking_code, c.complaint, c.erased_at.is_not(None))
    return query.where(condition).limit(limit).with_for_update(skip_locked=limit is not None)


async def closed_before(conn: AsyncConnection, before: datetime, limit: int) -> list[ToErase]:
    """Up to `limit` complaints closed before `before` and not yet erased, locked (those
    another replica holds are skipped)."""
    c = complaints.c
    found = _locked((c.closed_at < before) & c.erased_at.is_(None), limit)
    return [ToErase(*row) for row in await conn.execute(found)]


async def by_code(conn: AsyncConnection, tracking_code: str) -> ToErase | None:
    row = (await conn.execute(_locked(complaints.c.tracking_code == tracking_code))).first()
    return ToErase(*row) if row else None


async def erase(
    conn: AsyncConnection, found: ToErase, pseudonym: str, complaint: bytes, at: datetime
) -> None:
    await conn.execute(delete(evidence).where(evidence.c.complaint_id == found.complaint_id))
    await conn.execute(
        delete(complaint_notes).where(complaint_notes.c.complaint_id == found.complaint_id)
    )
    await conn.execute(
        update(complaints)
        .where(complaints.c.complaint_id == found.complaint_id)
        .values(person_key=pseudonym, phone=pseudonym, complaint=complaint, erased_at=at)
    )


async def record(
    conn: AsyncConnection,
    at: datetime,
    tracking_codes: list[str],
    actor: str,
    role: str = "",
    client_address: str = "",
) -> None:
    if tracking_codes:
        await conn.execute(
            erasures.insert(),
            [
                {
                    "at": at,
                    "tracking_code": code,
                    "actor": actor,
                    "role": role,
                    "client_address": client_address,
                }
                for code in tracking_codes
            ],
        )
