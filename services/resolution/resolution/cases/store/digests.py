"""The queries of the officers' daily digest: the deadlines' counts and the digests sent."""

from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.cases.domain.deadlines import AT_RISK_WITHIN, OPEN, DeadlineCounts
from resolution.cases.store.tables import cases, overdue_digests, rechecks
from resolution.registry.store.tables import facilities


async def deadline_counts(conn: AsyncConnection, now: datetime) -> dict[str, DeadlineCounts]:
    """Open cases overdue and at risk at `now`, by the unit that holds them (a paused case
    by the time it was paused, as the queue flags them)."""
    reference = func.coalesce(cases.c.paused_at, now)
    overdue = cases.c.due_at <= reference
    at_risk = and_(cases.c.due_at > reference, cases.c.due_at <= reference + AT_RISK_WITHIN)
    rows = await conn.execute(
        select(
            cases.c.unit_code,
            func.count().filter(overdue),
            func.count().filter(at_risk),
        )
        .where(cases.c.status.in_(OPEN))
        .group_by(cases.c.unit_code)
    )
    return {unit: DeadlineCounts(o, r) for unit, o, r in rows}


async def overdue_recheck_counts(
    conn: AsyncConnection, opened_before: datetime
) -> dict[str, DeadlineCounts]:
    """Re-checks still pending that opened before `opened_before`, by the district of their
    facility (a facility the directory lacks is counted nowhere)."""
    rows = await conn.execute(
        select(facilities.c.district_code, func.count())
        .select_from(rechecks.join(facilities, facilities.c.code == rechecks.c.facility_code))
        .where(rechecks.c.status == "PENDING", rechecks.c.created_at <= opened_before)
        .group_by(facilities.c.district_code)
    )
    return {district: DeadlineCounts(overdue_rechecks=n) for district, n in rows}


async def claim_digest(
    conn: AsyncConnection, unit_code: str, day: date, counts: DeadlineCounts, now: datetime
) -> bool:
    """Records the unit's digest of the day; False when one was recorded already (by this
    replica or another: the second waits for the first's commit, then finds it)."""
    inserted = await conn.scalar(
        insert(overdue_digests)
        .values(
            unit_code=unit_code,
            local_date=day,
            overdue=counts.overdue,
            at_risk=counts.at_risk,
            overdue_rechecks=counts.overdue_rechecks,
            created_at=now,
        )
        .on_conflict_do_nothing()
        .returning(overdue_digests.c.unit_code)
    )
    return inserted is not None
