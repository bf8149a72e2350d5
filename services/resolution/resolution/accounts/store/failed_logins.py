"""The queries of failed logins: in a row per username and client address, and per username
from every address."""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.accounts.domain import NOT_THROTTLED, Throttle
from resolution.accounts.store.tables import login_failure_streaks, login_throttles


async def throttle(conn: AsyncConnection, username_key: str, client_address: str) -> Throttle:
    """The pair's failures, held until the transaction ends: tries of one pair at once take
    turns, so that none is checked past the limit."""
    pair = f"{username_key} {client_address}"
    await conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(pair, 0))))
    row = (
        await conn.execute(
            select(login_throttles.c.failures, login_throttles.c.refused_until).where(
                login_throttles.c.username_key == username_key,
                login_throttles.c.client_address == client_address,
            )
        )
    ).first()
    return Throttle(*row) if row else NOT_THROTTLED


async def streak(conn: AsyncConnection, username_key: str) -> int:
    failures = await conn.scalar(
        select(login_failure_streaks.c.failures).where(
            login_failure_streaks.c.username_key == username_key
        )
    )
    return failures or 0


async def record_failure(
    conn: AsyncConnection, username_key: str, client_address: str, throttle: Throttle, now
) -> None:
    pair = {"username_key": username_key, "client_address": client_address}
    values = {
        "failures": throttle.failures,
        "refused_until": throttle.refused_until,
        "last_failed_at": now,
    }
    await conn.execute(
        insert(login_throttles)
        .values(pair | values)
        .on_conflict_do_update(index_elements=list(pair), set_=values)
    )
    streak = insert(login_failure_streaks).values(
        username_key=username_key, failures=1, last_failed_at=now
    )
    await conn.execute(
        streak.on_conflict_do_update(
            index_elements=["username_key"],
            set_={"failures": login_failure_streaks.c.failures + 1, "last_failed_at": now},
        )
    )


async def forget_failures(
    conn: AsyncConnection, username_key: str, client_address: str | None = None
) -> None:
    """The username's failures in a row from every address, and those of the pair (or,
    without an address, of every pair of the username)."""
    pairs = delete(login_throttles).where(login_throttles.c.username_key == username_key)
    if client_address is not None:
        pairs = pairs.where(login_throttles.c.client_address == client_address)
    await conn.execute(pairs)
    await conn.execute(
        delete(login_failure_streaks).where(login_failure_streaks.c.username_key == username_key)
    )


async def forget_old_failures(
    conn: AsyncConnection, pairs_before: datetime, streaks_before: datetime
) -> int:
    """The pairs and the streaks whose last failure is older than these. How many went."""
    pairs = await conn.execute(
        delete(login_throttles).where(login_throttles.c.last_failed_at < pairs_before)
    )
    streaks = await conn.execute(
        delete(login_failure_streaks).where(login_failure_streaks.c.last_failed_at < streaks_before)
    )
    return pairs.rowcount + streaks.rowcount
