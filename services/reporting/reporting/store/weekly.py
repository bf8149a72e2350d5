"""The districts' weekly reports as stored (see tables.weekly_reports), and the districts'
counter changes that say whether a stored draft is still current."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import case, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.store.tables import OPEN, counter_changes, weekly_reports

# The stored weekly report if it was submitted, or is a draft still current at :now (see
# tables.weekly_reports). Written once as text, as the summary's read: it is read at every
# GetWeeklyReport.
_CURRENT_WEEKLY_REPORT = text(
    "SELECT w.* FROM weekly_reports AS w"
    " WHERE w.unit_code = :unit_code AND w.week = :week"
    " AND (w.submitted_at IS NOT NULL OR w.current_at IS NOT NULL"
    "  AND w.counters_change IS NOT DISTINCT FROM"
    "   (SELECT change FROM counter_changes WHERE unit_code = w.unit_code)"
    "  AND NOT EXISTS (SELECT FROM complaint_facts"
    f"   WHERE {OPEN.text}"
    "    AND due_at >= least(w.current_at, CAST(:now AS timestamptz))"
    "    AND due_at < greatest(w.current_at, CAST(:now AS timestamptz))"
    "    AND handling_units @> ARRAY[CAST(:unit_code AS text)]))"
)


async def weekly_report(conn: AsyncConnection, unit_code: str, week: str) -> Row | None:
    w = weekly_reports
    query = select(w).where(w.c.unit_code == unit_code, w.c.week == week)
    return (await conn.execute(query)).one_or_none()


async def current_weekly_report(
    conn: AsyncConnection, unit_code: str, week: str, now: datetime
) -> Row | None:
    """The stored report if it was submitted, or is a draft still current at `now`."""
    result = await conn.execute(
        _CURRENT_WEEKLY_REPORT, {"unit_code": unit_code, "week": week, "now": now}
    )
    return result.one_or_none()


async def counters_change(conn: AsyncConnection, unit_code: str) -> int | None:
    """The district's last counter change (None before any)."""
    c = counter_changes
    return await conn.scalar(select(c.c.change).where(c.c.unit_code == unit_code))


async def save_weekly_report(conn: AsyncConnection, values: dict, *, draft: bool) -> Row | None:
    """Stores a generated or submitted report unless one was submitted already; returns the
    stored row, or None when nothing was written. A draft whose figures did not change keeps
    its generated time (only what it is current as of moves)."""
    w = weekly_reports
    statement = insert(w).values(values)
    new = statement.excluded
    set_ = {c: new[c] for c in values if c not in ("unit_code", "week")}
    if draft:
        moved = w.c.figures.is_distinct_from(new.figures)
        set_["generated_at"] = case((moved, new.generated_at), else_=w.c.generated_at)
    statement = statement.on_conflict_do_update(
        index_elements=[w.c.unit_code, w.c.week],
        set_=set_,
        where=w.c.submitted_at.is_(None),
    ).returning(w)
    return (await conn.execute(statement)).one_or_none()


async def weekly_statuses(
    conn: AsyncConnection, week: str, unit_codes: Iterable[str]
) -> dict[str, tuple]:
    """(status, submitted_at) by district, for the districts that have a report."""
    w = weekly_reports
    query = select(w.c.unit_code, w.c.status, w.c.submitted_at).where(
        w.c.week == week, w.c.unit_code.in_(list(unit_codes))
    )
    return {r.unit_code: (r.status, r.submitted_at) for r in await conn.execute(query)}
