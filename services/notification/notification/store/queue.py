"""What both of notification's queues (messages, healthbook_syncs) share: the delivery state
each item carries, and the statements on it that take the queue's key column.

Both are claimed the same way as the outbox: due rows `FOR UPDATE SKIP LOCKED`, handled, and
their outcome written in the claiming transaction."""

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    Text,
    bindparam,
    func,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from notification.domain import Attempt, PageKey, Status, after_failure
from phananh_common.queues import retry_delay


def queue_columns() -> list[Column]:
    """The delivery state every queued item carries."""
    return [
        Column("status", Text, nullable=False),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column(
            "next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()
        ),
        Column("last_error", Text),
        Column("sent_at", DateTime(timezone=True)),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


async def wake(conn: AsyncConnection, channel: str) -> None:
    """Wakes the queue's workers at the commit (they LISTEN on `channel`)."""
    await conn.execute(text(f"NOTIFY {channel}"))


async def record_sent(conn: AsyncConnection, key_column: Column, sent: list[tuple]) -> None:
    """Marks claimed queue items sent, in one statement for the batch: (key, attempts so far,
    the values to store) each, every item with the same value names."""
    if not sent:
        return
    names = list(sent[0][2])
    change = (
        update(key_column.table)
        .where(key_column == bindparam("b_key"))
        .values(
            status=Status.SENT,
            last_error=None,
            attempts=bindparam("b_attempts"),
            **{name: bindparam(f"b_{name}") for name in names},
        )
    )
    params = [
        {"b_key": key, "b_attempts": attempts + 1, **{f"b_{n}": values[n] for n in names}}
        for key, attempts, values in sent
    ]
    await conn.execute(change, params)


async def record_failure(
    conn: AsyncConnection,
    key_column: Column,
    key,
    attempt: Attempt,
    attempts_so_far: int,
    max_attempts: int,
) -> Status | None:
    """Writes a failed attempt on a claimed queue item: dead (refused, or the last attempt),
    or due again after a backoff with jitter. Returns DEAD, or None while still queued."""
    change = update(key_column.table).where(key_column == key)
    if after_failure(attempt, attempts_so_far, max_attempts):
        await conn.execute(
            change.values(
                status=Status.DEAD, attempts=attempts_so_far + 1, last_error=attempt.error
            )
        )
        return Status.DEAD
    else:
        delay = func.make_interval(0, 0, 0, 0, 0, 0, retry_delay(attempts_so_far))
        await conn.execute(
            change.values(
                attempts=attempts_so_far + 1,
                next_attempt_at=func.now() + delay,
                last_error=attempt.error,
            )
        )


async def make_backed_off_due(conn: AsyncConnection, key_column: Column) -> None:
    """A provider that answers again gets the queue's backed-off items at once, not after the
    rest of their backoff (up to five minutes after an outage). Items another worker holds
    are skipped: waiting for them could deadlock two replicas."""
    table = key_column.table
    backed_off = (
        select(key_column)
        .where(
            table.c.status == Status.QUEUED,
            table.c.attempts > 0,
            table.c.next_attempt_at > func.now(),
        )
        .with_for_update(skip_locked=True)
    )
    await conn.execute(
        update(table).where(key_column.in_(backed_off)).values(next_attempt_at=func.now())
    )


async def redrive(
    conn: AsyncConnection, key_column: Column, key, statuses, channel: str, returning
):
    """Queues an item given up on again, with a fresh count of attempts, and wakes the queue's
    workers; None when there is no such item or it is not in one of `statuses`."""
    table = key_column.table
    query = (
        update(table)
        .where(key_column == key, table.c.status.in_(statuses))
        .values(status=Status.QUEUED, attempts=0, next_attempt_at=func.now(), last_error=None)
        .returning(*returning)
    )
    row = (await conn.execute(query)).first()
    if row is not None:
        await wake(conn, channel)
    return row


async def exists(conn: AsyncConnection, key_column: Column, key) -> bool:
    return await conn.scalar(select(key_column).where(key_column == key)) is not None


def newest_first(query, created_at: Column, key: Column, size: int, after: PageKey | None):
    """The query's rows newest first, keyset-paged on (created_at, key)."""
    if after is not None:
        query = query.where(tuple_(created_at, key) < tuple_(*after))
    return query.order_by(created_at.desc(), key.desc()).limit(size)
