"""The facility directory (intake's facilities, as its FacilitiesImported events tell them)
and the scope of records in SQL: domain.scope.record_inside as a condition on `citizens`,
for queries that list records."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.registry.domain.scope import Facility
from resolution.registry.store.tables import citizens, doses, facilities

_FACILITY_COLUMNS = [facilities.c[f] for f in Facility.__dataclass_fields__]


async def save_facilities(conn: AsyncConnection, found: list[Facility], at: datetime) -> None:
    """Adds the facilities imported `at`, replacing those of the same code imported before
    (an older import delivered late changes nothing)."""
    statement = insert(facilities)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=["code"],
            set_={c: statement.excluded[c] for c in ("name", "district_code", "commune_code")}
            | {"imported_at": statement.excluded.imported_at},
            where=facilities.c.imported_at <= statement.excluded.imported_at,
        ),
        [vars(f) | {"imported_at": at} for f in found],
    )


async def facilities_named(conn: AsyncConnection, codes: Iterable[str]) -> dict[str, Facility]:
    """The directory's facilities of these codes, by code (an unknown code is left out)."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    rows = await conn.execute(select(*_FACILITY_COLUMNS).where(facilities.c.code.in_(codes)))
    return {r.code: Facility(*r) for r in rows}


def _unit_of(table):
    """A row's smallest unit: its commune, else its district."""
    return func.coalesce(func.nullif(table.c.commune_code, ""), table.c.district_code)


def records_inside(principal: Principal):
    """The records inside the caller's unit, as domain.scope.record_inside decides: the
    units the caller covers are its own and every unit below it."""
    covered = sorted({principal.unit_code, *units().within(principal.unit_code)})
    given_inside = (
        select(doses.c.citizen_id)
        .join(facilities, facilities.c.code == doses.c.facility_code)
        .where(doses.c.citizen_id == citizens.c.citizen_id, _unit_of(facilities).in_(covered))
    )
    return or_(_unit_of(citizens).in_(covered), exists(given_inside))
