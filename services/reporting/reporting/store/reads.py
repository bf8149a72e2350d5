"""The reports' reads of the counters: a summary's counts of each unit, and the dashboard's
daily changes and open complaints."""

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import BigInteger, cast, func, select, text, true
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.domain.figures import CLOSED, RECEIVED
from reporting.domain.periods import DAY, Period, cover, local_day, start_of
from reporting.store.tables import KEY_SEPARATOR, OPEN, open_counts, period_counts

# A summary's read: the units' counts over the period's spans (periods.cover: the span of each,
# its first and last start, null for an open side), summed per key; their open stock of the
# complaints received up to the period's end; and those due earlier today, overdue once their
# deadline has passed (asked of the facts). One round trip, each part one JSON value keyed by
# unit, the counts {unit: {measure: {key: n}}}: a few objects to decode, not a row for every
# unit's every key. JSON, not JSONB: built as text, where jsonb_object_agg takes twice the time.
# Each row's count is read as an int (no unit and span counts 2^31 complaints), whose sum is a
# bigint: summing bigints makes numerics, and jsonb_each_text's text, half again the time.
# Written once as text, its units and spans bound as arrays: built and compiled by SQLAlchemy
# at each call, the statement took a third of the request's CPU.
_FIGURES = text(
    "WITH spans AS ("
    "  SELECT * FROM unnest(CAST(:spans AS text[]), CAST(:firsts AS date[]),"
    "   CAST(:lasts AS date[])) AS s (span, first_start, last_start)),"
    " summed AS ("
    f"  SELECT c.unit_code, split_part(count.key, '{KEY_SEPARATOR}', 1) AS measure,"
    f"   substr(count.key, strpos(count.key, '{KEY_SEPARATOR}') + 1) AS key,"
    "   sum(count.value::int) AS n"
    "  FROM spans JOIN period_counts AS c ON c.unit_code = ANY(CAST(:units AS text[]))"
    "   AND c.span = spans.span"
    "   AND c.first_day BETWEEN coalesce(spans.first_start, '-infinity')"
    "   AND coalesce(spans.last_start, 'infinity')"
    "  CROSS JOIN LATERAL jsonb_each(c.counts) AS count"
    "  GROUP BY c.unit_code, count.key),"
    " by_measure AS ("
    "  SELECT unit_code, measure, json_object_agg(key, n) AS by_key"
    "  FROM summed GROUP BY unit_code, measure),"
    " stock AS ("
    "  SELECT unit_code, json_agg(json_build_array(overdue, needs_info, n)) AS open_rows"
    "  FROM (SELECT unit_code, due_day < CAST(:today AS date) AS overdue, needs_info,"
    "    sum(n)::bigint AS n FROM open_counts"
    "   WHERE unit_code = ANY(CAST(:units AS text[]))"
    "    AND submitted_day <= coalesce(CAST(:last_day AS date), 'infinity')"
    "   GROUP BY unit_code, overdue, needs_info) AS open_now"
    "  GROUP BY unit_code),"
    " due_today AS ("
    "  SELECT held.unit_code, count(*) AS n"
    "  FROM complaint_facts CROSS JOIN LATERAL unnest(handling_units) AS held (unit_code)"
    f"  WHERE {OPEN.text}"
    "   AND due_at >= CAST(:today_start AS timestamptz) AND due_at < CAST(:now AS timestamptz)"
    "   AND handling_units && CAST(:units AS text[])"
    "   AND submitted_at < coalesce(CAST(:period_end AS timestamptz), 'infinity')"
    "   AND held.unit_code = ANY(CAST(:units AS text[]))"
    "  GROUP BY held.unit_code)"
    " SELECT"
    "  (SELECT json_object_agg(unit_code, counts) FROM"
    "   (SELECT unit_code, json_object_agg(measure, by_key) AS counts"
    "    FROM by_measure GROUP BY unit_code) AS flows),"
    "  (SELECT json_object_agg(unit_code, open_rows) FROM stock),"
    "  (SELECT json_object_agg(unit_code, n) FROM due_today)"
)


class UnitCounts(NamedTuple):
    """What figures.figures_of() is made of, by unit (a unit without any is left out)."""

    flows: dict[str, dict[str, dict[str, int]]]  # measure → key → n over the period
    open_rows: dict[str, list[tuple[bool, bool, int]]]  # (due before today, needs info, n)
    overdue_today: dict[str, int]


async def unit_counts(
    conn: AsyncConnection, unit_codes: list[str], period: Period, now: datetime
) -> UnitCounts:
    """The units' counts for the period, their open complaints as of `now`."""
    spans, firsts, lasts = zip(*cover(period), strict=True)
    today = local_day(now)
    result = await conn.execute(
        _FIGURES,
        {
            "units": unit_codes,
            "spans": list(spans),
            "firsts": list(firsts),
            "lasts": list(lasts),
            "today": today,
            "today_start": start_of(today),
            "now": now,
            "last_day": period.last_day,
            "period_end": period.end,
        },
    )
    flows, open_rows, overdue_today = result.one()
    return UnitCounts(flows or {}, open_rows or {}, overdue_today or {})


def _total(column):
    return cast(func.sum(column), BigInteger)  # sum(bigint) is numeric in PostgreSQL


async def received_and_closed(
    conn: AsyncConnection, unit_code: str, last_day: date
) -> list[tuple[date, str, int]]:
    """(day, measure, n) of every day up to `last_day`: the burn-down's changes."""
    c = period_counts
    counts = func.jsonb_each_text(c.c.counts).table_valued("key", "value").lateral("count")
    measure = func.split_part(counts.c.key, KEY_SEPARATOR, 1)
    query = (
        select(c.c.first_day, measure, _total(cast(counts.c.value, BigInteger)))
        .select_from(c)
        .join(counts, true())
        .where(
            c.c.unit_code == unit_code,
            c.c.span == DAY,
            c.c.first_day <= last_day,
            measure.in_((RECEIVED, CLOSED)),
        )
        .group_by(c.c.first_day, measure)
    )
    return [tuple(r) for r in (await conn.execute(query)).all()]


async def open_by_submitted_day(conn: AsyncConnection, unit_code: str) -> list[tuple[date, int]]:
    o = open_counts
    query = (
        select(o.c.submitted_day, _total(o.c.n))
        .where(o.c.unit_code == unit_code)
        .group_by(o.c.submitted_day)
    )
    return [tuple(r) for r in (await conn.execute(query)).all()]
