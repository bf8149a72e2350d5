"""The queries of cases and their history."""

import uuid
from datetime import datetime

from sqlalchemy import and_, bindparam, exists, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common import outbox
from resolution.cases.domain.deadlines import OPEN, QueueCounts, end_of_local_day
from resolution.cases.domain.records import CaseRow, HistoryEntry
from resolution.cases.domain.search import CaseSearch
from resolution.cases.store.tables import case_history, cases, evidence_agreement

_CASE_COLUMNS = [cases.c[f] for f in CaseRow.__dataclass_fields__]


async def _lock_case(conn: AsyncConnection, where) -> CaseRow | None:
    """The case, held (FOR UPDATE) until the transaction ends: of two officers acting on it
    at once, the second waits and then sees what the first did."""
    row = (await conn.execute(select(*_CASE_COLUMNS).where(where).with_for_update())).first()
    return CaseRow(*row) if row else None


async def lock_case(conn: AsyncConnection, case_id: uuid.UUID) -> CaseRow | None:
    return await _lock_case(conn, cases.c.case_id == case_id)


async def lock_case_of_complaint(conn: AsyncConnection, complaint_id: uuid.UUID) -> CaseRow | None:
    return await _lock_case(conn, cases.c.complaint_id == complaint_id)


async def update_case(conn: AsyncConnection, case_id: uuid.UUID, **values) -> int:
    """Changes the case and bumps its version; the new version."""
    return await conn.scalar(
        cases.update()
        .where(cases.c.case_id == case_id)
        .values(**values, version=cases.c.version + 1)
        .returning(cases.c.version)
    )


async def add_history(
    conn: AsyncConnection, case_id: uuid.UUID, at: datetime, actor: str, action: str, note=""
) -> None:
    await conn.execute(
        case_history.insert().values(case_id=case_id, at=at, actor=actor, action=action, note=note)
    )


# Written as text: SQLAlchemy 2.0 compiles PostgreSQL's insert() (its ON CONFLICT) again at
# every execution, and every complaint opens a case. The keys of the row given to open_case.
_NEW_CASE_COLUMNS = (
    "case_id",
    "complaint_id",
    "tracking_code",
    "category",
    "status",
    "unit_code",
    "submitted_at",
    "due_at",
    "version",
    "complaint",
    "warnings",
    "paused_at",
    "possible_repeat_of",
    "citizen_name_folded",
    "citizen_phone",
    "citizen_national_id",
)
# The case, its first history entry and its event, written only when the complaint has no
# case yet: one round trip for what every complaint brings.
_NEW_CASE = text(
    f"WITH opened AS (INSERT INTO cases ({', '.join(_NEW_CASE_COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in _NEW_CASE_COLUMNS)})"
    " ON CONFLICT (complaint_id) DO NOTHING RETURNING case_id),"
    " history AS (INSERT INTO case_history (case_id, at, actor, action, note)"
    " SELECT case_id, :at, :actor, :action, :note FROM opened),"
    f" {outbox.published_for('opened')}"
    f" SELECT {outbox.NOTIFY_WHEN_PUBLISHED} FROM opened"
).bindparams(*(bindparam(c, type_=cases.c[c].type) for c in _NEW_CASE_COLUMNS))


async def open_case(conn: AsyncConnection, row: dict, history: dict, event: dict) -> None:
    """Opens the case of a complaint (`row`, the _NEW_CASE_COLUMNS) with its first entry in
    the history (at, actor, action, note) and publishes its event (outbox.event_values);
    writes nothing when the complaint already has a case."""
    await conn.execute(_NEW_CASE, {**row, **history, **event})


async def list_cases(
    conn: AsyncConnection,
    unit_codes: list[str],
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
    status: str = "",
    overdue_at: datetime | None = None,
    search: CaseSearch | None = None,
    evidence_agrees: bool = False,
) -> list[CaseRow]:
    """The cases of these units (a unit and those below it), oldest deadline first; with
    `overdue_at`, only the open cases past their deadline at that instant (a paused case by
    the time it was paused); with `search`, only those it finds."""
    query = (
        select(*_CASE_COLUMNS)
        .where(cases.c.unit_code.in_(unit_codes))
        .order_by(cases.c.due_at, cases.c.case_id)
        .limit(limit)
    )
    if status:
        query = query.where(cases.c.status == status)
    if overdue_at:
        query = query.where(
            cases.c.status.in_(OPEN),
            cases.c.due_at <= func.coalesce(cases.c.paused_at, overdue_at),
        )
    if evidence_agrees:
        query = query.where(_evidence_agrees)
    if after:
        query = query.where(tuple_(cases.c.due_at, cases.c.case_id) > tuple_(*after))
    if search:
        query = query.where(_found_by(search))
    return [CaseRow(*row) for row in await conn.execute(query)]


def _agreement(agrees: bool):
    return exists().where(
        evidence_agreement.c.complaint_id == cases.c.complaint_id,
        evidence_agreement.c.agrees.is_(agrees),
    )


# A file read that agrees, and none that does not.
_evidence_agrees = _agreement(True) & ~_agreement(False)


async def record_evidence_agreement(
    conn: AsyncConnection, evidence_id: uuid.UUID, complaint_id: uuid.UUID, agrees: bool | None
) -> None:
    """The latest conclusion of a file's reading (a file read again replaces it)."""
    statement = insert(evidence_agreement).values(
        evidence_id=evidence_id, complaint_id=complaint_id, agrees=agrees
    )
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[evidence_agreement.c.evidence_id], set_={"agrees": agrees}
        )
    )


async def count_cases(
    conn: AsyncConnection,
    unit_codes: list[str],
    now: datetime,
    status: str = "",
    search: CaseSearch | None = None,
    evidence_agrees: bool = False,
) -> QueueCounts:
    """The cases of these units (status, search as list_cases), all, overdue at `now` (a
    paused case by the time it was paused), and the open others due today."""
    still_open = cases.c.status.in_(OPEN)
    overdue = cases.c.due_at <= func.coalesce(cases.c.paused_at, now)
    today = and_(still_open, ~overdue, cases.c.due_at < end_of_local_day(now))
    query = select(
        func.count(),
        func.count().filter(and_(still_open, overdue)),
        func.count().filter(today),
    ).where(cases.c.unit_code.in_(unit_codes))
    if status:
        query = query.where(cases.c.status == status)
    if search:
        query = query.where(_found_by(search))
    if evidence_agrees:
        query = query.where(_evidence_agrees)
    return QueueCounts(*(await conn.execute(query)).one())


def _found_by(search: CaseSearch):
    if search.tracking_code:
        return cases.c.tracking_code == search.tracking_code
    if search.phone:
        return cases.c.citizen_phone == search.phone
    if search.national_id:
        return cases.c.citizen_national_id == search.national_id
    return cases.c.citizen_name_folded.contains(search.name, autoescape=True)


async def case(conn: AsyncConnection, case_id: uuid.UUID) -> CaseRow | None:
    return await _case_where(conn, cases.c.case_id == case_id)


async def case_coded(conn: AsyncConnection, tracking_code: str) -> CaseRow | None:
    """The case of the complaint with this (stored) tracking code."""
    return await _case_where(conn, cases.c.tracking_code == tracking_code)


async def _case_where(conn: AsyncConnection, condition) -> CaseRow | None:
    row = (await conn.execute(select(*_CASE_COLUMNS).where(condition))).first()
    return CaseRow(*row) if row else None


async def history(conn: AsyncConnection, case_id: uuid.UUID) -> list[HistoryEntry]:
    rows = await conn.execute(
        select(case_history.c.at, case_history.c.actor, case_history.c.action, case_history.c.note)
        .where(case_history.c.case_id == case_id)
        .order_by(case_history.c.entry_id)
    )
    return [HistoryEntry(*r) for r in rows]
