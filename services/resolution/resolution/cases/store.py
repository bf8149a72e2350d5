"""The queries of cases."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolution.schema import cases


@dataclass(frozen=True)
class CaseRow:
    case_id: uuid.UUID
    tracking_code: str
    status: str
    category: str
    unit_code: str
    submitted_at: datetime
    due_at: datetime
    version: int


class CaseStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    @staticmethod
    async def open_case(conn: AsyncConnection, row: dict) -> bool:
        """Opens the case of a complaint; False when it already has one."""
        inserted = await conn.scalar(
            insert(cases)
            .values(row)
            .on_conflict_do_nothing(index_elements=["complaint_id"])
            .returning(cases.c.case_id)
        )
        return inserted is not None

    async def list_cases(
        self, unit_codes: list[str], limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> list[CaseRow]:
        """The cases of these units (a unit and those below it), oldest deadline first."""
        query = (
            select(
                cases.c.case_id,
                cases.c.tracking_code,
                cases.c.status,
                cases.c.category,
                cases.c.unit_code,
                cases.c.submitted_at,
                cases.c.due_at,
                cases.c.version,
            )
            .where(cases.c.unit_code.in_(unit_codes))
            .order_by(cases.c.due_at, cases.c.case_id)
            .limit(limit)
        )
        if after:
            query = query.where(tuple_(cases.c.due_at, cases.c.case_id) > tuple_(*after))
        async with self.engine.connect() as conn:
            return [CaseRow(*row) for row in await conn.execute(query)]
