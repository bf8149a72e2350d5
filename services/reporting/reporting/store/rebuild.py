"""The rebuild's statements: the projection emptied, and whether a producer's database holds
an outbox to deliver its events again from."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.store.tables import PROJECTION_TABLES

_PROJECTION_EMPTIED = text(f"TRUNCATE {', '.join(t.name for t in PROJECTION_TABLES)}")
_OUTBOX_FOUND = text("SELECT to_regclass('outbox_events') IS NOT NULL")


async def clear_projection(conn: AsyncConnection) -> None:
    await conn.execute(_PROJECTION_EMPTIED)


async def holds_outbox(conn: AsyncConnection) -> bool:
    return await conn.scalar(_OUTBOX_FOUND)
