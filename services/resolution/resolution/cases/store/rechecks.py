"""The queries of the facilities' re-checks."""

import uuid
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.cases.domain.records import CaseRow, RecheckRow
from resolution.cases.store.tables import rechecks

_RECHECK_COLUMNS = [rechecks.c[f] for f in RecheckRow.__dataclass_fields__]


async def open_rechecks(
    conn: AsyncConnection, case: CaseRow, facility_codes: set[str], now: datetime
) -> None:
    if facility_codes:
        await conn.execute(
            rechecks.insert(),
            [
                {
                    "recheck_id": uuid.uuid4(),
                    "case_id": case.case_id,
                    "tracking_code": case.tracking_code,
                    "facility_code": code,
                    "unit_code": case.unit_code,
                    "status": "PENDING",
                    "created_at": now,
                }
                for code in sorted(facility_codes)
            ],
        )


async def lock_recheck(conn: AsyncConnection, recheck_id: uuid.UUID) -> RecheckRow | None:
    row = (
        await conn.execute(
            select(*_RECHECK_COLUMNS).where(rechecks.c.recheck_id == recheck_id).with_for_update()
        )
    ).first()
    return RecheckRow(*row) if row else None


async def record_recheck(
    conn: AsyncConnection, recheck_id: uuid.UUID, status: str, at: datetime, by: str, note: str
) -> RecheckRow:
    row = (
        await conn.execute(
            rechecks.update()
            .where(rechecks.c.recheck_id == recheck_id)
            .values(status=status, decided_at=at, decided_by=by, note=note)
            .returning(*_RECHECK_COLUMNS)
        )
    ).first()
    return RecheckRow(*row)


def of_facility(facility_code: str):
    """The re-checks a facility makes."""
    return rechecks.c.facility_code == facility_code


def of_units(unit_codes: list[str]):
    """The re-checks of the cases these units' teams approved."""
    return rechecks.c.unit_code.in_(unit_codes)


async def list_rechecks(
    conn: AsyncConnection,
    where,
    status: str,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[RecheckRow]:
    """Those `where` selects (of_facility, of_units), oldest first, page by page."""
    query = (
        select(*_RECHECK_COLUMNS)
        .where(where)
        .order_by(rechecks.c.created_at, rechecks.c.recheck_id)
        .limit(limit)
    )
    if status:
        query = query.where(rechecks.c.status == status)
    if after:
        query = query.where(tuple_(rechecks.c.created_at, rechecks.c.recheck_id) > tuple_(*after))
    return [RecheckRow(*r) for r in await conn.execute(query)]
