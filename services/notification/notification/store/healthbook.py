"""The pushes of corrected records to the health book: queued as events arrive, claimed by
the health book pusher, listed and re-driven by the operator."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notification.domain import PageKey, Status, SyncRow
from notification.store import queue
from notification.store.tables import healthbook_syncs

# The NOTIFY channel that wakes the health book pusher at the commit of new work.
HEALTHBOOK_CHANNEL = "phananh_healthbook"

_SYNC_COLUMNS = [healthbook_syncs.c[f] for f in SyncRow.__dataclass_fields__]


async def queue_syncs(conn: AsyncConnection, rows: list[dict]) -> None:
    if rows:
        await conn.execute(insert(healthbook_syncs).values(rows).on_conflict_do_nothing())
        await queue.wake(conn, HEALTHBOOK_CHANNEL)


async def claim_syncs(conn: AsyncConnection, limit: int):
    s = healthbook_syncs.c
    query = (
        select(s.sync_id, s.dose_id, s.resource, s.attempts)
        .where(s.status == Status.QUEUED, s.next_attempt_at <= func.now())
        .order_by(s.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await conn.execute(query)).all()


async def sync_failures(conn: AsyncConnection, size: int, after: PageKey | None) -> list[SyncRow]:
    s = healthbook_syncs.c
    query = select(*_SYNC_COLUMNS).where(s.status == Status.DEAD)
    rows = await conn.execute(queue.newest_first(query, s.created_at, s.sync_id, size, after))
    return [SyncRow(*row) for row in rows]


async def redrive_sync(conn: AsyncConnection, sync_id: uuid.UUID) -> SyncRow | None:
    """A push given up on queued again; None when not such a push."""
    row = await queue.redrive(
        conn, healthbook_syncs.c.sync_id, sync_id, (Status.DEAD,), HEALTHBOOK_CHANNEL, _SYNC_COLUMNS
    )
    return SyncRow(*row) if row else None


async def sync_exists(conn: AsyncConnection, sync_id: uuid.UUID) -> bool:
    return await queue.exists(conn, healthbook_syncs.c.sync_id, sync_id)
