"""What citizens from one client address did lately, counted against its limits
(intake.rate_limits)."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.store.tables import client_requests


async def serialize_lookups(conn: AsyncConnection, client_address: str) -> None:
    """Until the transaction ends, the address's other lookups wait: racing guesses all
    count."""
    await conn.execute(
        select(func.pg_advisory_xact_lock(func.hashtext(f"lookup {client_address}")))
    )


async def count_since(
    conn: AsyncConnection, client_address: str, kind: str, since: datetime
) -> int:
    r = client_requests.c
    return await conn.scalar(
        select(func.count()).where(
            r.client_address == client_address, r.kind == kind, r.created_at > since
        )
    )


async def record(conn: AsyncConnection, client_address: str, kind: str, at: datetime) -> None:
    await conn.execute(
        client_requests.insert().values(client_address=client_address, kind=kind, created_at=at)
    )


async def forget_before(conn: AsyncConnection, before: datetime) -> int:
    """Deletes the requests counted before `before`; how many there were."""
    deleted = await conn.execute(
        client_requests.delete().where(client_requests.c.created_at < before)
    )
    return deleted.rowcount
