"""The accounts' answers to the other topics (through resolution.accounts.directory): which
communes have a team, and whom the overdue digest goes to."""

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common.access import CASE_WORKERS
from resolution.accounts.domain import DigestRecipient
from resolution.accounts.store.tables import accounts

# Written as text, compiled once: asked for every complaint placed in a commune.
_COMMUNE_HAS_TEAM = text(
    "SELECT EXISTS (SELECT FROM accounts WHERE role = 'COMMUNE_OFFICER'"
    " AND unit_code = :commune_code AND NOT disabled)"
)


async def commune_has_team(conn: AsyncConnection, commune_code: str) -> bool:
    """Whether the commune has an active commune officer to work its cases."""
    return await conn.scalar(_COMMUNE_HAS_TEAM, {"commune_code": commune_code})


async def digest_recipients(conn: AsyncConnection) -> list[DigestRecipient]:
    """The active case workers with a phone, by unit then username."""
    a = accounts.c
    rows = await conn.execute(
        select(a.unit_code, a.username, a.phone)
        .where(a.phone.is_not(None), a.disabled.is_(False), a.role.in_(CASE_WORKERS))
        .order_by(a.unit_code, a.username)
    )
    return [DigestRecipient(*r) for r in rows]
