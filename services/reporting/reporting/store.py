"""Reporting's tables and queries: one fact row per complaint, projected from events, and
counters summed from the facts per day, week, month and all time, so that a report reads one
row per unit for all time, or whole months, whole weeks and a few days: a few rows per unit, not
every complaint.

The complaint's event (from intake) and its case's events (from resolution) come from two
producers, so either may arrive first: each sets its own columns of the same row (the case's
only when its version is higher). The fact row is locked while an event changes it, and the
counters move from the old fact to the new one in the same transaction."""

import functools
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Sequence,
    Table,
    Text,
    Uuid,
    bindparam,
    case,
    cast,
    func,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import TextClause

from phananh_common.inbox import inbox_events
from reporting.domain.figures import (
    CLOSED,
    RECEIVED,
    CountKey,
    Fact,
    Figures,
    changes,
    daily,
    districts_of,
    figures_of,
    handling_units,
    open_stock,
    rolled_up,
)
from reporting.domain.periods import DAY, Period, cover, local_day, start_of

metadata = MetaData()

_OPEN = text("status NOT IN ('RESOLVED', 'REJECTED', 'DUPLICATE')")

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
    Column("decided_at", DateTime(timezone=True)),
    Column("reason_code", Text),
    # The case's deadline; the policy's, from the submission, until the case arrives.
    Column("due_at", DateTime(timezone=True)),
    # From notification's events: the outcome SMS's status, the newest change winning.
    Column("outcome_sms_status", Text),
    Column("outcome_sms_at", DateTime(timezone=True)),
    # The handling unit and those above it (derived): the complaint counts in each.
    Column("handling_units", ARRAY(Text), nullable=False, server_default="{}"),
    Index("complaint_facts_open_due", "due_at", postgresql_where=_OPEN),
)

# Sums of figures.daily() over the facts, per span (periods.SPANS: day, week, month, all time):
# one row per unit and span holds all its counts, {"measure:key": n}, so that a period reads a
# few rows per unit (all time, or its months, weeks and edge days), however many keys they have.
period_counts = Table(
    "period_counts",
    metadata,
    Column("unit_code", Text, nullable=False),
    Column("span", Text, nullable=False),
    Column("first_day", Date, nullable=False),
    Column("counts", JSONB, nullable=False),
    PrimaryKeyConstraint("unit_code", "span", "first_day"),
)

# Sums of figures.open_stock() over the facts: the complaints open now, per unit.
open_counts = Table(
    "open_counts",
    metadata,
    Column("unit_code", Text, nullable=False),
    Column("submitted_day", Date, nullable=False),
    Column("due_day", Date, nullable=False),
    Column("needs_info", Boolean, nullable=False),
    Column("n", BigInteger, nullable=False),
    PrimaryKeyConstraint("unit_code", "submitted_day", "due_day", "needs_info"),
)

# The last change to each district's counters (its own or its communes'), numbered from a
# sequence that never repeats, not even after a rebuild has emptied the table.
counter_change_ids = Sequence("counter_change_ids", metadata=metadata)
counter_changes = Table(
    "counter_changes",
    metadata,
    Column("unit_code", Text, primary_key=True),
    Column("change", BigInteger, nullable=False),
)

# The districts' weekly reports: the figures as last generated, or as sent to the province.
# Not a projection: a rebuild keeps them. A draft is current, and read as stored, while its
# district's last counter change is the one it was generated after (`counters_change`) and no
# open complaint of the district fell due since `current_at` (overdue moves with the clock).
weekly_reports = Table(
    "weekly_reports",
    metadata,
    Column("unit_code", Text, nullable=False),
    Column("week", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("figures", JSONB, nullable=False),
    Column("generated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("note", Text, nullable=False, server_default=""),
    Column("counters_change", BigInteger),
    Column("current_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("unit_code", "week"),
)

# The stored weekly report if it was submitted, or is a draft still current at :now (see above).
# Written once as text, as the summary's read: it is read at every GetWeeklyReport.
_CURRENT_WEEKLY_REPORT = text(
    "SELECT w.* FROM weekly_reports AS w"
    " WHERE w.unit_code = :unit_code AND w.week = :week"
    " AND (w.submitted_at IS NOT NULL OR w.current_at IS NOT NULL"
    "  AND w.counters_change IS NOT DISTINCT FROM"
    "   (SELECT change FROM counter_changes WHERE unit_code = w.unit_code)"
    "  AND NOT EXISTS (SELECT FROM complaint_facts"
    f"   WHERE {_OPEN.text}"
    "    AND due_at >= least(w.current_at, CAST(:now AS timestamptz))"
    "    AND due_at < greatest(w.current_at, CAST(:now AS timestamptz))"
    "    AND handling_units @> ARRAY[CAST(:unit_code AS text)]))"
)

# What a rebuild empties: everything the events made (the inbox too, so they apply again).
PROJECTION_TABLES = (complaint_facts, period_counts, open_counts, counter_changes, inbox_events)

# The stored counts plus the new ones (`excluded`), key by key, without those that come to zero.
# Only the new keys are summed and merged in (||): an event changes a few keys of rows that hold
# dozens, which are not summed again at each event.
SUMMED_COUNTS = text(
    "(SELECT (period_counts.counts"
    "   || coalesce(jsonb_object_agg(key, n) FILTER (WHERE n <> 0), '{}'))"
    "  - coalesce(array_agg(key) FILTER (WHERE n = 0), '{}')"
    " FROM (SELECT e.key, coalesce((period_counts.counts ->> e.key)::bigint, 0)"
    "  + e.value::bigint AS n FROM jsonb_each_text(excluded.counts) AS e) AS added)"
)
_KEY_SEPARATOR = ":"  # between the measure and the key in a counts' name

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
    "  SELECT c.unit_code, split_part(count.key, ':', 1) AS measure,"
    "   substr(count.key, strpos(count.key, ':') + 1) AS key,"
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
    f"  WHERE {_OPEN.text}"
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


def _counts_of(rows: Table):
    """The rows' counts, one (key, value) row each."""
    return func.jsonb_each_text(rows.c.counts).table_valued("key", "value").lateral("count")


def _total(column):
    return cast(func.sum(column), BigInteger)  # sum(bigint) is numeric in PostgreSQL


def fact_of(row: Mapping) -> Fact:
    return Fact(
        submitted_at=row["submitted_at"],
        category=row["category"] or "",
        unit_code=row["unit_code"] or row["district_code"] or "",
        status=row["status"],
        due_at=row["due_at"],
        decided_at=row["decided_at"],
        reason_code=row["reason_code"] or "",
        outcome_sms=row["outcome_sms_status"] or "",
    )


# The complaint's fact, added at its first event, locked for this event's change and returned
# either way: the upsert does in one round trip what an insert and a SELECT FOR UPDATE did.
# Written as text, as the statements below: SQLAlchemy 2.0 compiles PostgreSQL's insert() (its
# ON CONFLICT) again at every execution (measured: 0.8 ms of CPU an event for the counters').
_FACT_LOCKED = (
    text(
        "INSERT INTO complaint_facts (complaint_id) VALUES (:complaint_id)"
        " ON CONFLICT (complaint_id) DO UPDATE SET complaint_id = excluded.complaint_id"
        f" RETURNING {', '.join(c.name for c in complaint_facts.c)}"
    )
    .bindparams(bindparam("complaint_id", type_=Uuid))
    .columns(*complaint_facts.c)
)

# The parts of an event's change, each a CTE of one statement (_fact_changed); the counters'
# rows bound as arrays in key order, so that events lock shared counter rows in one order.
_OPEN_ADDED = (
    "opened AS (INSERT INTO open_counts (unit_code, submitted_day, due_day, needs_info, n)"
    " SELECT * FROM unnest(CAST(:open_units AS text[]), CAST(:submitted_days AS date[]),"
    " CAST(:due_days AS date[]), CAST(:needs_info AS boolean[]), CAST(:ns AS bigint[]))"
    " ON CONFLICT (unit_code, submitted_day, due_day, needs_info)"
    " DO UPDATE SET n = open_counts.n + excluded.n)"
)
_COUNTS_ADDED = (
    "counted AS (INSERT INTO period_counts (unit_code, span, first_day, counts)"
    " SELECT * FROM unnest(CAST(:count_units AS text[]), CAST(:spans AS text[]),"
    " CAST(:first_days AS date[]), CAST(:counts AS jsonb[]))"
    f" ON CONFLICT (unit_code, span, first_day) DO UPDATE SET counts = {SUMMED_COUNTS.text})"
)
# A new number for the last change of these districts' counters (in code order). Events of a
# district wait for each other's commit at its row.
_CHANGE_MARKED = (
    "marked AS (INSERT INTO counter_changes (unit_code, change)"
    " SELECT unit_code, nextval('counter_change_ids')"
    " FROM unnest(CAST(:districts AS text[])) AS unit_code"
    " ON CONFLICT (unit_code) DO UPDATE SET change = excluded.change)"
)


@functools.cache
def _fact_changed(
    columns: tuple[str, ...], counted: bool, opened: bool, marked: bool
) -> TextClause:
    """An event's change in one round trip: the fact's new values (bound as fact_<column>),
    and the period counters, the open counters and the districts' change number when the
    change has some. Made once for each shape."""
    fact = ", ".join(f"{c} = :fact_{c}" for c in columns)
    parts = [f"fact AS (UPDATE complaint_facts SET {fact} WHERE complaint_id = :complaint_id)"]
    parts += [_COUNTS_ADDED] if counted else []
    parts += [_OPEN_ADDED] if opened else []
    parts += [_CHANGE_MARKED] if marked else []
    return text(f"WITH {', '.join(parts)} SELECT 1").bindparams(
        bindparam("complaint_id", type_=Uuid),
        *(bindparam(f"fact_{c}", type_=complaint_facts.c[c].type) for c in columns),
    )


def _open_added(deltas: dict) -> dict:
    """_OPEN_ADDED's values: changes of figures.open_stock() to add to the open counters."""
    keys = sorted(deltas)
    return {
        "open_units": [k[0] for k in keys],
        "submitted_days": [k[1] for k in keys],
        "due_days": [k[2] for k in keys],
        "needs_info": [k[3] for k in keys],
        "ns": [deltas[k] for k in keys],
    }


def counts_by_row(deltas: dict[CountKey, int]) -> dict[tuple[str, str, date], dict[str, int]]:
    """(unit, span, first day) → the row's counts, {"measure:key": n}."""
    rows: dict[tuple, dict[str, int]] = {}
    for (unit, span, first_day, measure, key), n in deltas.items():
        rows.setdefault((unit, span, first_day), {})[f"{measure}{_KEY_SEPARATOR}{key}"] = n
    return rows


def _counts_added(deltas: dict[CountKey, int]) -> dict:
    """_COUNTS_ADDED's values: rolled-up changes (figures.rolled_up) to add to the period
    counters."""
    rows = sorted(counts_by_row(deltas).items())
    return {
        "count_units": [unit for (unit, _, _), _ in rows],
        "spans": [span for (_, span, _), _ in rows],
        "first_days": [day for (_, _, day), _ in rows],
        "counts": [json.dumps(counts) for _, counts in rows],
    }


async def _change_fact(
    conn: AsyncConnection, complaint_id: uuid.UUID, change: Callable[[Mapping], dict | None]
) -> None:
    """Applies `change(current row) → new column values` (None: nothing) to the complaint's
    fact and moves the counters from the old fact to the new one."""
    row = (await conn.execute(_FACT_LOCKED, {"complaint_id": complaint_id})).one()
    values = change(row._mapping)
    if values is None:
        return
    before, after = fact_of(row._mapping), fact_of({**row._mapping, **values})
    values["handling_units"] = handling_units(after.unit_code)
    daily_changes = changes(daily(before), daily(after))
    open_changes = changes(open_stock(before), open_stock(after))
    districts = districts_of({key[0] for key in (*daily_changes, *open_changes)})
    statement = _fact_changed(
        tuple(values), bool(daily_changes), bool(open_changes), bool(districts)
    )
    await conn.execute(
        statement,
        {
            "complaint_id": complaint_id,
            **{f"fact_{c}": v for c, v in values.items()},
            **(_counts_added(rolled_up(daily_changes)) if daily_changes else {}),
            **(_open_added(open_changes) if open_changes else {}),
            "districts": districts,
        },
    )


class ReportingStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        # Reads without BEGIN and ROLLBACK, two round trips fewer: each is one statement.
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")

    @staticmethod
    async def record_complaint(conn: AsyncConnection, complaint_id: uuid.UUID, values: dict):
        """`values`: the complaint's columns and `due_at`, the policy's deadline, which
        stands until the case brings its own."""

        def change(row: Mapping) -> dict:
            return values if row["case_version"] == 0 else {**values, "due_at": row["due_at"]}

        await _change_fact(conn, complaint_id, change)

    @staticmethod
    async def record_case(
        conn: AsyncConnection, complaint_id: uuid.UUID, version: int, values: dict
    ) -> None:
        """`values`: status, unit_code, due_at, decided_at, reason_code of that version."""

        def change(row: Mapping) -> dict | None:
            return {**values, "case_version": version} if version > row["case_version"] else None

        await _change_fact(conn, complaint_id, change)

    @staticmethod
    async def record_outcome_message(
        conn: AsyncConnection, complaint_id: uuid.UUID, status: str, changed_at: datetime
    ) -> None:
        def change(row: Mapping) -> dict | None:
            newer = row["outcome_sms_at"] is None or changed_at > row["outcome_sms_at"]
            return {"outcome_sms_status": status, "outcome_sms_at": changed_at} if newer else None

        await _change_fact(conn, complaint_id, change)

    async def figures(
        self, unit_codes: list[str], period: Period, now: datetime
    ) -> dict[str, Figures]:
        """Each unit's figures for the period, its open complaints as of `now`."""
        spans, firsts, lasts = zip(*cover(period), strict=True)
        today = local_day(now)
        async with self._reads.connect() as conn:
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
            flows_of, stock_of, due_today_of = result.one()
        flows_of, stock_of, due_today_of = flows_of or {}, stock_of or {}, due_today_of or {}
        return {
            u: figures_of(flows_of.get(u, {}), stock_of.get(u, ()), due_today_of.get(u, 0))
            for u in unit_codes
        }

    async def received_and_closed(self, unit_code: str, last_day: date) -> list[tuple]:
        """(day, measure, n) of every day up to `last_day`: the burn-down's changes."""
        c = period_counts
        counts = _counts_of(c)
        measure = func.split_part(counts.c.key, _KEY_SEPARATOR, 1)
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
        async with self._reads.connect() as conn:
            return [tuple(r) for r in (await conn.execute(query)).all()]

    async def open_by_submitted_day(self, unit_code: str) -> list[tuple[date, int]]:
        o = open_counts
        query = (
            select(o.c.submitted_day, _total(o.c.n))
            .where(o.c.unit_code == unit_code)
            .group_by(o.c.submitted_day)
        )
        async with self._reads.connect() as conn:
            return [tuple(r) for r in (await conn.execute(query)).all()]

    async def weekly_report(self, unit_code: str, week: str):
        w = weekly_reports
        query = select(w).where(w.c.unit_code == unit_code, w.c.week == week)
        async with self._reads.connect() as conn:
            return (await conn.execute(query)).one_or_none()

    async def current_weekly_report(self, unit_code: str, week: str, now: datetime):
        """The stored report if it was submitted, or is a draft still current at `now`
        (see weekly_reports); None otherwise."""
        async with self._reads.connect() as conn:
            result = await conn.execute(
                _CURRENT_WEEKLY_REPORT, {"unit_code": unit_code, "week": week, "now": now}
            )
            return result.one_or_none()

    async def counters_change(self, unit_code: str) -> int | None:
        """The district's last counter change (None before any)."""
        c = counter_changes
        async with self._reads.connect() as conn:
            return await conn.scalar(select(c.c.change).where(c.c.unit_code == unit_code))

    async def save_weekly_report(self, values: dict, *, draft: bool = False):
        """Stores a generated or submitted report unless one was submitted already; returns
        the stored row, or None when nothing was written. A draft whose figures did not
        change keeps its generated time (only what it is current as of moves)."""
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
        async with self.engine.begin() as conn:
            return (await conn.execute(statement)).one_or_none()

    async def weekly_statuses(self, week: str, unit_codes: Iterable[str]) -> dict[str, tuple]:
        """(status, submitted_at) by district, for the districts that have a report."""
        w = weekly_reports
        query = select(w.c.unit_code, w.c.status, w.c.submitted_at).where(
            w.c.week == week, w.c.unit_code.in_(list(unit_codes))
        )
        async with self._reads.connect() as conn:
            return {r.unit_code: (r.status, r.submitted_at) for r in await conn.execute(query)}

    async def clear_projection(self) -> None:
        """Empties the projection and its inbox in one transaction, for a rebuild."""
        names = ", ".join(t.name for t in PROJECTION_TABLES)
        async with self.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {names}"))
