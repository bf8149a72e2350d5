"""Intake's tables and queries: complaints as submitted, and the citizen-facing status that
intake projects from resolution's CaseStatusChanged events."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    LargeBinary,
    MetaData,
    Table,
    Text,
    Uuid,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common import outbox

metadata = MetaData()

FINAL_STATUSES = ("RESOLVED", "REJECTED", "DUPLICATE")
# The predicate of the partial unique index, written once: ON CONFLICT must repeat it verbatim.
OPEN = text("status NOT IN ('RESOLVED', 'REJECTED', 'DUPLICATE')")

complaints = Table(
    "complaints",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    Column("tracking_code", Text, nullable=False, unique=True),
    Column("category", Text, nullable=False),
    Column("person_key", Text, nullable=False),
    Column("phone", Text, nullable=False),
    # The accepted complaint as protobuf (phananh.types.v1.Complaint), exactly as published.
    Column("complaint", LargeBinary, nullable=False),
    Column("warnings", JSONB, nullable=False, server_default="[]"),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    # Projection of the case, from resolution's events; case_version orders them.
    Column("status", Text, nullable=False, server_default="RECEIVED"),
    Column("case_version", BigInteger, nullable=False, server_default="0"),
    Column("unit_code", Text),
    # One open complaint per person and category: the database enforces the deduplication,
    # so two submissions racing each other still make one complaint.
    Index(
        "complaints_one_open_per_person_and_category",
        "person_key",
        "category",
        unique=True,
        postgresql_where=OPEN,
    ),
)


@dataclass(frozen=True)
class StoredComplaint:
    complaint_id: uuid.UUID
    tracking_code: str
    category: str
    phone: str
    status: str
    submitted_at: datetime
    due_at: datetime
    warnings: list[dict]


class IntakeStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    async def submit(self, row: dict, event: ComplaintSubmitted) -> tuple[StoredComplaint, bool]:
        """Stores a new complaint and its event in one transaction; when the same person has
        an open complaint of the same category, returns that one instead (and True)."""
        async with self.engine.begin() as conn:
            inserted = await conn.scalar(
                insert(complaints)
                .values(row)
                .on_conflict_do_nothing(
                    index_elements=["person_key", "category"],
                    index_where=OPEN,
                )
                .returning(complaints.c.complaint_id)
            )
            if inserted is not None:
                await outbox.publish(conn, "intake", [event])
                return await self._get(conn, complaints.c.complaint_id == inserted), False
            existing = await self._get(
                conn,
                (complaints.c.person_key == row["person_key"])
                & (complaints.c.category == row["category"])
                & complaints.c.status.not_in(FINAL_STATUSES),
            )
            return existing, True

    async def by_tracking_code(self, code: str) -> StoredComplaint | None:
        async with self.engine.connect() as conn:
            return await self._get(conn, complaints.c.tracking_code == code)

    @staticmethod
    async def _get(conn: AsyncConnection, condition) -> StoredComplaint | None:
        row = (
            await conn.execute(
                select(
                    complaints.c.complaint_id,
                    complaints.c.tracking_code,
                    complaints.c.category,
                    complaints.c.phone,
                    complaints.c.status,
                    complaints.c.submitted_at,
                    complaints.c.due_at,
                    complaints.c.warnings,
                ).where(condition)
            )
        ).first()
        return StoredComplaint(*row) if row else None

    @staticmethod
    async def apply_case_status(
        conn: AsyncConnection,
        complaint_id: uuid.UUID,
        status: str,
        unit_code: str,
        due_at: datetime,
        version: int,
    ) -> None:
        """Keeps the newest case state: an older change arriving late changes nothing."""
        await conn.execute(
            update(complaints)
            .where(complaints.c.complaint_id == complaint_id, complaints.c.case_version < version)
            .values(status=status, unit_code=unit_code, due_at=due_at, case_version=version)
        )
