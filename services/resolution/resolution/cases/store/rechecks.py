"""The queries of the facilities' re-checks."""

import uuid
from datetime import date, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.cases.domain.corrections import DoseChange
from resolution.cases.domain.records import CaseRow, RecheckRow
from resolution.cases.store.tables import rechecks
from resolution.registry.domain.records import Dose

_RECHECK_COLUMNS = [rechecks.c[f] for f in RecheckRow.__dataclass_fields__]


def _dose_json(dose: Dose | None) -> dict | None:
    if dose is None:
        return None
    return {**vars(dose), "dose_id": str(dose.dose_id), "vaccinated_on": str(dose.vaccinated_on)}


def _dose(kept: dict | None) -> Dose | None:
    if kept is None:
        return None
    return Dose(
        **kept
        | {
            "dose_id": uuid.UUID(kept["dose_id"]),
            "vaccinated_on": date.fromisoformat(kept["vaccinated_on"]),
        }
    )


def _row(values) -> RecheckRow:
    *fields, changes = values
    return RecheckRow(
        *fields,
        tuple(DoseChange(c["op"], _dose(c["before"]), _dose(c["after"])) for c in changes),
    )


async def open_rechecks(
    conn: AsyncConnection,
    case: CaseRow,
    citizen_id: uuid.UUID,
    by_facility: dict[str, list[DoseChange]],
    now: datetime,
) -> None:
    """A re-check for each facility, with the changes to its doses."""
    if by_facility:
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
                    "citizen_id": citizen_id,
                    "changes": [
                        {"op": c.op, "before": _dose_json(c.before), "after": _dose_json(c.after)}
                        for c in by_facility[code]
                    ],
                }
                for code in sorted(by_facility)
            ],
        )


async def recheck(
    conn: AsyncConnection, recheck_id: uuid.UUID, lock: bool = False
) -> RecheckRow | None:
    query = select(*_RECHECK_COLUMNS).where(rechecks.c.recheck_id == recheck_id)
    row = (await conn.execute(query.with_for_update() if lock else query)).first()
    return _row(row) if row else None


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
    return _row(row)


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
    return [_row(r) for r in await conn.execute(query)]
