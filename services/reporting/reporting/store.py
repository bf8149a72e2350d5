"""Reporting's tables and queries: one fact row per complaint, projected from events.

The complaint's event (from intake) and its case's events (from resolution) come from two
producers, so either may arrive first: each upserts its own columns of the same row."""

import uuid

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

metadata = MetaData()

FINAL_STATUSES = ("RESOLVED", "REJECTED", "DUPLICATE")

complaint_facts = Table(
    "complaint_facts",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    # From the complaint's event; null until it arrives.
    Column("category", Text),
    Column("province_code", Text),
    Column("district_code", Text),
    Column("commune_code", Text),
    Column("submitted_at", DateTime(timezone=True)),
    # From the case's events; the highest version wins.
    Column("status", Text, nullable=False, server_default="RECEIVED"),
    Column("unit_code", Text),
    Column("case_version", BigInteger, nullable=False, server_default="0"),
    Index("complaint_facts_district", "district_code", "status"),
)

_COMPLAINT_COLUMNS = ("category", "province_code", "district_code", "commune_code", "submitted_at")


class ReportingStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    @staticmethod
    async def record_complaint(conn: AsyncConnection, row: dict) -> None:
        statement = insert(complaint_facts).values(row)
        await conn.execute(
            statement.on_conflict_do_update(
                index_elements=["complaint_id"],
                set_={c: statement.excluded[c] for c in _COMPLAINT_COLUMNS},
            )
        )

    @staticmethod
    async def record_case_status(
        conn: AsyncConnection, complaint_id: uuid.UUID, status: str, unit_code: str, version: int
    ) -> None:
        statement = insert(complaint_facts).values(
            complaint_id=complaint_id, status=status, unit_code=unit_code, case_version=version
        )
        await conn.execute(
            statement.on_conflict_do_update(
                index_elements=["complaint_id"],
                set_={"status": status, "unit_code": unit_code, "case_version": version},
                where=complaint_facts.c.case_version < version,
            )
        )

    async def summary(self, unit_code: str) -> tuple[int, int]:
        """(received, pending) for a province, district or commune code; all when empty."""
        facts = complaint_facts
        query = select(
            func.count(), func.count().filter(facts.c.status.not_in(FINAL_STATUSES))
        ).where(facts.c.submitted_at.is_not(None))
        if unit_code:
            query = query.where(
                or_(
                    facts.c.province_code == unit_code,
                    facts.c.district_code == unit_code,
                    facts.c.commune_code == unit_code,
                )
            )
        async with self.engine.connect() as conn:
            received, pending = (await conn.execute(query)).one()
        return received, pending
