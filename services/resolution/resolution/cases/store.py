"""The queries of cases and their history."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, bindparam, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common import outbox
from phananh_common.access import CASE_WORKERS
from resolution.accounts.store import accounts
from resolution.cases.domain import AT_RISK_WITHIN, OPEN, DeadlineCounts
from resolution.schema import case_history, cases, overdue_digests, rechecks


@dataclass(frozen=True)
class CaseRow:
    case_id: uuid.UUID
    complaint_id: uuid.UUID
    tracking_code: str
    category: str
    status: str
    unit_code: str
    submitted_at: datetime
    due_at: datetime
    version: int
    complaint: bytes
    warnings: list
    paused_at: datetime | None
    # The code of an open complaint of the same person and category from another phone.
    possible_repeat_of: str | None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    note: str


_CASE_COLUMNS = [cases.c[f] for f in CaseRow.__dataclass_fields__]


async def lock_case(conn: AsyncConnection, where) -> CaseRow | None:
    """The case, held (FOR UPDATE) until the transaction ends: of two officers acting on it
    at once, the second waits and then sees what the first did."""
    row = (await conn.execute(select(*_CASE_COLUMNS).where(where).with_for_update())).first()
    return CaseRow(*row) if row else None


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
_COMMUNE_HAS_TEAM = text(
    "SELECT EXISTS (SELECT FROM accounts WHERE role = 'COMMUNE_OFFICER'"
    " AND unit_code = :commune_code AND NOT disabled)"
)


async def open_case(conn: AsyncConnection, row: dict, history: dict, event: dict) -> None:
    """Opens the case of a complaint (`row`, the _NEW_CASE_COLUMNS) with its first entry in
    the history (at, actor, action, note) and publishes its event (outbox.event_values);
    writes nothing when the complaint already has a case."""
    await conn.execute(_NEW_CASE, {**row, **history, **event})


async def commune_has_team(conn: AsyncConnection, commune_code: str) -> bool:
    """Whether the commune has an active commune officer to work its cases."""
    return await conn.scalar(_COMMUNE_HAS_TEAM, {"commune_code": commune_code})


class CaseStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    async def list_cases(
        self,
        unit_codes: list[str],
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
        status: str = "",
        overdue_at: datetime | None = None,
    ) -> list[CaseRow]:
        """The cases of these units (a unit and those below it), oldest deadline first; with
        `overdue_at`, only the open cases past their deadline at that instant (a paused case
        by the time it was paused)."""
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
        if after:
            query = query.where(tuple_(cases.c.due_at, cases.c.case_id) > tuple_(*after))
        async with self.engine.connect() as conn:
            return [CaseRow(*row) for row in await conn.execute(query)]

    async def case(self, case_id: uuid.UUID) -> CaseRow | None:
        return await self._case_where(cases.c.case_id == case_id)

    async def case_coded(self, tracking_code: str) -> CaseRow | None:
        """The case of the complaint with this (stored) tracking code."""
        return await self._case_where(cases.c.tracking_code == tracking_code)

    async def _case_where(self, condition) -> CaseRow | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(*_CASE_COLUMNS).where(condition))).first()
            return CaseRow(*row) if row else None

    async def history(self, case_id: uuid.UUID) -> list[HistoryEntry]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(
                    case_history.c.at,
                    case_history.c.actor,
                    case_history.c.action,
                    case_history.c.note,
                )
                .where(case_history.c.case_id == case_id)
                .order_by(case_history.c.entry_id)
            )
            return [HistoryEntry(*r) for r in rows]


@dataclass(frozen=True)
class RecheckRow:
    recheck_id: uuid.UUID
    case_id: uuid.UUID
    tracking_code: str
    facility_code: str
    unit_code: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    note: str


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


async def list_rechecks(
    engine: AsyncEngine,
    where,
    status: str,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[RecheckRow]:
    """Oldest first, page by page."""
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
    async with engine.connect() as conn:
        return [RecheckRow(*r) for r in await conn.execute(query)]


@dataclass(frozen=True)
class DigestRecipientRow:
    unit_code: str
    username: str
    phone: str


async def digest_recipients(conn: AsyncConnection) -> list[DigestRecipientRow]:
    """The active case workers with a phone, by unit then username."""
    a = accounts.c
    rows = await conn.execute(
        select(a.unit_code, a.username, a.phone)
        .where(a.phone.is_not(None), a.disabled.is_(False), a.role.in_(CASE_WORKERS))
        .order_by(a.unit_code, a.username)
    )
    return [DigestRecipientRow(*r) for r in rows]


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
            created_at=now,
        )
        .on_conflict_do_nothing()
        .returning(overdue_digests.c.unit_code)
    )
    return inserted is not None
