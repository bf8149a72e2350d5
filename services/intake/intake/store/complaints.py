"""Complaints as the citizen's lookups find them, what joins them later (notes), and the
citizen-facing status projected from resolution's case changes."""

import uuid
from datetime import datetime

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain import CaseChange, StoredComplaint, Warning
from intake.store.tables import CLOSED_STATUS, complaint_notes, complaints
from phananh_common.statuses import CLOSED, IN_REVIEW

# The newest case state only: an older change arriving late changes nothing. The
# certificate level stays once a correction set it.
_APPLY_CASE_STATUS = text(
    "UPDATE complaints SET status = :status, unit_code = :unit_code, due_at = :due_at,"
    " case_version = :version, outcome = :outcome,"
    " certificate_level = coalesce(:certificate_level, certificate_level),"
    f" closed_at = CASE WHEN {CLOSED_STATUS.text} THEN CAST(:changed_at AS timestamptz) END"
    " WHERE complaint_id = :complaint_id AND case_version < :version"
).bindparams(bindparam("outcome", type_=JSONB))


async def _stored(conn: AsyncConnection, condition) -> StoredComplaint | None:
    c = complaints.c
    row = (
        await conn.execute(
            select(
                c.complaint_id,
                c.tracking_code,
                c.category,
                c.phone,
                c.status,
                c.submitted_at,
                c.due_at,
                c.warnings,
                c.outcome,
                c.certificate_level,
            ).where(condition)
        )
    ).first()
    if row is None:
        return None
    *before, warnings, outcome, level = row
    return StoredComplaint(*before, tuple(Warning(**w) for w in warnings), outcome, level)


async def by_code_and_phone(conn: AsyncConnection, code: str, phone: str) -> StoredComplaint | None:
    c = complaints.c
    return await _stored(conn, (c.tracking_code == code) & (c.phone == phone))


async def open_one_of(
    conn: AsyncConnection, person_key: str, category: str, phone: str
) -> StoredComplaint | None:
    """The person's open complaint of the category from the phone (at most one: the index)."""
    c = complaints.c
    return await _stored(
        conn,
        (c.person_key == person_key)
        & (c.category == category)
        & (c.phone == phone)
        & c.status.not_in(CLOSED),
    )


async def lock(conn: AsyncConnection, code: str, phone: str) -> tuple[uuid.UUID, str] | None:
    """(complaint_id, status), locked until the transaction ends; None when the code and the
    phone do not match one complaint."""
    row = (
        await conn.execute(
            select(complaints.c.complaint_id, complaints.c.status)
            .where(complaints.c.tracking_code == code, complaints.c.phone == phone)
            .with_for_update()
        )
    ).first()
    return tuple(row) if row else None


async def add_note(
    conn: AsyncConnection, complaint_id: uuid.UUID, kind: str, complaint: bytes, at: datetime
) -> None:
    """`complaint`: a phananh.types.v1.Complaint, the whole resubmission (kind RESUBMITTED) or
    only what a supplement adds (SUPPLEMENTED)."""
    await conn.execute(
        complaint_notes.insert().values(
            note_id=uuid.uuid4(),
            complaint_id=complaint_id,
            kind=kind,
            complaint=complaint,
            added_at=at,
        )
    )


async def show_in_review(conn: AsyncConnection, complaint_id: uuid.UUID) -> None:
    """Shown back in review without its decision, until resolution's next change says."""
    await conn.execute(
        update(complaints)
        .where(complaints.c.complaint_id == complaint_id)
        .values(status=IN_REVIEW, outcome=None)
    )


async def apply_case_change(conn: AsyncConnection, change: CaseChange) -> None:
    await conn.execute(
        _APPLY_CASE_STATUS,
        {
            "complaint_id": change.complaint_id,
            "status": change.status,
            "unit_code": change.unit_code,
            "due_at": change.due_at,
            "version": change.version,
            "outcome": change.outcome,
            "certificate_level": change.certificate_level,
            "changed_at": change.changed_at,
        },
    )
