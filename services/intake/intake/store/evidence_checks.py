"""The evidence whose text is to be read, claimed like any queue (`FOR UPDATE SKIP LOCKED`),
and what the reading found or how it failed."""

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.store.tables import complaints, evidence


async def claim_due(conn: AsyncConnection, limit: int) -> list:
    """Due files with the claim they are checked against (the complaint's protobuf), locked
    until the transaction ends; other workers skip them."""
    rows = await conn.execute(
        select(
            evidence.c.evidence_id,
            evidence.c.complaint_id,
            evidence.c.content_type,
            evidence.c.content,
            evidence.c.blurry,
            evidence.c.check_attempts,
            complaints.c.complaint,
        )
        .join(complaints, complaints.c.complaint_id == evidence.c.complaint_id)
        .where(evidence.c.check_status == "PENDING", evidence.c.check_due_at <= func.now())
        .order_by(evidence.c.check_due_at)
        .limit(limit)
        .with_for_update(of=evidence, skip_locked=True)
    )
    return list(rows)


async def record(
    conn: AsyncConnection, evidence_id: uuid.UUID, status: str, attempts: int, checks: dict | None
) -> None:
    await conn.execute(
        update(evidence)
        .where(evidence.c.evidence_id == evidence_id)
        .values(check_status=status, check_attempts=attempts, checks=checks)
    )


async def retry_later(
    conn: AsyncConnection, evidence_id: uuid.UUID, attempts: int, delay_seconds: float
) -> None:
    await conn.execute(
        update(evidence)
        .where(evidence.c.evidence_id == evidence_id)
        .values(
            check_attempts=attempts,
            check_due_at=func.now() + func.make_interval(0, 0, 0, 0, 0, 0, delay_seconds),
        )
    )
