"""The pushes of registry changes to the health book: queued as events arrive, claimed by
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


async def queue_sync(conn: AsyncConnection, row: dict) -> None:
    await conn.execute(insert(healthbook_syncs).values(row).on_conflict_do_nothing())
    await queue.wake(conn, HEALTHBOOK_CHANNEL)


async def claim_syncs(conn: AsyncConnection, limit: int):
    """Due pushes, each only once no earlier change of its record waits (a citizen's changes
    reach the health book in order; one given up on no longer holds the later back)."""
    s = healthbook_syncs.c
    earlier = healthbook_syncs.alias("earlier")
    waits = (
        select(earlier.c.sync_id)
        .where(
            earlier.c.citizen_id == s.citizen_id,
            earlier.c.sequence < s.sequence,
            earlier.c.status == Status.QUEUED,
        )
        .exists()
    )
    query = (
        select(s.sync_id, s.resource, s.attempts)
        .where(s.status == Status.QUEUED, s.next_attempt_at <= func.now(), ~waits)
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


async def keep_outcome(conn: AsyncConnection, sync_id: uuid.UUID, outcome: dict) -> None:
    """The health book's OperationOutcome of a refused push, for the operator."""
    await conn.execute(
        healthbook_syncs.update()
        .where(healthbook_syncs.c.sync_id == sync_id)
        .values(operation_outcome=outcome)
    )


async def sync_exists(conn: AsyncConnection, sync_id: uuid.UUID) -> bool:
    return await queue.exists(conn, healthbook_syncs.c.sync_id, sync_id)
