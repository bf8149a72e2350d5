"""The vaccination facilities: replaced by code on import, listed by district, and found by
the codes a complaint names."""

from collections.abc import Iterable

from sqlalchemy import Text, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.facilities import Facility
from intake.store.tables import facilities

_FACILITIES_NAMED = text(
    "SELECT code, name, district_code, commune_code FROM facilities WHERE code = ANY(:codes)"
).bindparams(bindparam("codes", type_=ARRAY(Text)))


async def add_or_replace(conn: AsyncConnection, found: Iterable[Facility]) -> None:
    """Adds the facilities, replacing those with the same code."""
    statement = insert(facilities)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=["code"],
            set_={c: statement.excluded[c] for c in ("name", "district_code", "commune_code")},
        ),
        [vars(f) for f in found],
    )


async def listed(conn: AsyncConnection, district_code: str) -> list[Facility]:
    """Every facility by code, or those of one district."""
    query = select(facilities).order_by(facilities.c.code)
    if district_code:
        query = query.where(facilities.c.district_code == district_code)
    return [Facility(*r) for r in await conn.execute(query)]


async def named(conn: AsyncConnection, codes: list[str]) -> dict[str, Facility]:
    """The facilities of these codes that exist, by code."""
    rows = await conn.execute(_FACILITIES_NAMED, {"codes": codes})
    return {r.code: Facility(*r) for r in rows}
