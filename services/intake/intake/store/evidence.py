"""Evidence files: added to a complaint, read one by one or listed by complaint."""

import uuid
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.evidence import EvidenceInfo, StoredEvidence
from intake.evidence_files import Prepared
from intake.store.tables import complaints, evidence

# The workers that read evidence LISTEN here (a wake-up; they poll as well).
CHECKS_CHANNEL = "intake_evidence_checks"


async def count_of(conn: AsyncConnection, complaint_id: uuid.UUID) -> int:
    return await conn.scalar(select(func.count()).where(evidence.c.complaint_id == complaint_id))


async def add(
    conn: AsyncConnection, complaint_id: uuid.UUID, prepared: Prepared, at: datetime
) -> uuid.UUID:
    """The new file's id; its text is to be read (the checks' workers wake at the commit)."""
    evidence_id = uuid.uuid4()
    await conn.execute(
        evidence.insert().values(
            evidence_id=evidence_id,
            complaint_id=complaint_id,
            content_type=prepared.content_type,
            size_bytes=len(prepared.content),
            content=prepared.content,
            added_at=at,
            sharpness=prepared.sharpness,
            blurry=prepared.blurry,
            check_due_at=at,
        )
    )
    await conn.execute(text(f"NOTIFY {CHECKS_CHANNEL}"))
    return evidence_id


async def get(conn: AsyncConnection, evidence_id: uuid.UUID) -> StoredEvidence | None:
    row = (
        await conn.execute(
            select(
                evidence.c.evidence_id,
                evidence.c.complaint_id,
                complaints.c.tracking_code,
                evidence.c.content_type,
                evidence.c.content,
                evidence.c.added_at,
            )
            .join(complaints, complaints.c.complaint_id == evidence.c.complaint_id)
            .where(evidence.c.evidence_id == evidence_id)
        )
    ).first()
    return StoredEvidence(*row) if row else None


async def of_complaint(conn: AsyncConnection, complaint_id: uuid.UUID) -> list[EvidenceInfo]:
    """The complaint's files, in the order they were added."""
    rows = await conn.execute(
        select(
            evidence.c.evidence_id,
            evidence.c.content_type,
            evidence.c.size_bytes,
            evidence.c.added_at,
            evidence.c.sharpness,
            evidence.c.blurry,
            evidence.c.check_status,
            evidence.c.checks,
        )
        .where(evidence.c.complaint_id == complaint_id)
        .order_by(evidence.c.added_at, evidence.c.evidence_id)
    )
    return [EvidenceInfo(*r) for r in rows]
