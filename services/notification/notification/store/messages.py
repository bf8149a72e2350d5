"""The messages to citizens and officers: queued as events arrive (with the citizens' phones
by complaint), claimed by the SMS dispatcher, listed and re-driven by the operator."""

import functools
import uuid

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import TextClause

from notification.domain import REDRIVABLE, SEND_PRIORITY, Kind, MessageRow, PageKey, Status
from notification.store import queue
from notification.store.tables import messages, recipients
from phananh_common.telemetry import current_traceparent

# The NOTIFY channel that wakes the SMS dispatcher at the commit of new work.
SMS_CHANNEL = "phananh_sms"

# The operator's view of a message.
_MESSAGE_COLUMNS = (
    messages.c.message_id,
    messages.c.tracking_code,
    messages.c.kind,
    messages.c.status,
    messages.c.event_id,
    messages.c.created_at,
    messages.c.attempts,
    messages.c.last_error,
    messages.c.provider_message_id,
    messages.c.sent_at,
    messages.c.delivered_at,
    messages.c.segments,
    messages.c.recipient.is_not(None),
)

# Written as text: SQLAlchemy 2.0 compiles PostgreSQL's insert() (its ON CONFLICT) again at
# every execution, and every complaint brings its phone and its message. The phone is kept
# and given to the messages waiting for it, and the SMS worker woken, in one round trip.
_SMS_WORKER_WOKEN = f"SELECT pg_notify('{SMS_CHANNEL}', '')"
_NEW_RECIPIENT = text(
    "WITH kept AS (INSERT INTO recipients (complaint_id, phone)"
    " VALUES (:complaint_id, :phone) ON CONFLICT DO NOTHING),"
    " given AS (UPDATE messages SET recipient = :phone, next_attempt_at = now()"
    " WHERE complaint_id = :complaint_id AND recipient IS NULL) " + _SMS_WORKER_WOKEN
)
_COMPLAINT_TURN = text("SELECT pg_advisory_xact_lock(hashtext(:complaint_id))")


@functools.cache
def _new_message(columns: tuple[str, ...]) -> TextClause:
    """The insert of a message of these columns (one per kind of message), waking the SMS
    worker, made once."""
    return text(
        f"WITH queued AS (INSERT INTO messages ({', '.join(columns)})"
        f" VALUES ({', '.join(':' + c for c in columns)}) ON CONFLICT DO NOTHING) "
        + _SMS_WORKER_WOKEN
    ).bindparams(*(bindparam(c, type_=messages.c[c].type) for c in columns))


_LOWEST_PRIORITY = max(SEND_PRIORITY.values())
# The complaint's messages still queued go no later than a more urgent one queued after them:
# the citizen reads the acknowledgement before the outcome, even when the queue is behind.
# (Found through the tracking code's index: the complaint's messages all carry it.)
_EARLIER_RAISED = text(
    "UPDATE messages SET priority = :priority WHERE tracking_code = :tracking_code"
    " AND complaint_id = :complaint_id AND status = 'QUEUED' AND priority > :priority"
)


# --- events in -------------------------------------------------------------------------------


async def serialize_on_complaint(conn: AsyncConnection, complaint_id: str) -> None:
    """A complaint's own event and its outcomes come from different producers, maybe at once:
    they take turns, so an outcome never misses the phone committed beside it."""
    await conn.execute(_COMPLAINT_TURN, {"complaint_id": complaint_id})


async def remember_recipient(conn: AsyncConnection, complaint_id: str, phone: str) -> None:
    """Keeps the phone, and gives it to the messages that were waiting for it."""
    await conn.execute(_NEW_RECIPIENT, {"complaint_id": complaint_id, "phone": phone})


async def recipient_of(conn: AsyncConnection, complaint_id: str) -> str | None:
    return await conn.scalar(
        select(recipients.c.phone).where(recipients.c.complaint_id == complaint_id)
    )


async def queue_message(conn: AsyncConnection, row: dict) -> None:
    values = {
        **row,
        "priority": SEND_PRIORITY[row["kind"]],
        "traceparent": current_traceparent(),
    }
    await conn.execute(_new_message(tuple(values)), values)
    if values.get("complaint_id") and values["priority"] < _LOWEST_PRIORITY:
        await conn.execute(_EARLIER_RAISED, values)


# --- the SMS queue ---------------------------------------------------------------------------


async def claim_messages(conn: AsyncConnection, limit: int, quiet: bool):
    """Due messages with a recipient, the most urgent kind first (domain.SEND_PRIORITY), then
    the oldest due; during quiet hours only the one-time codes."""
    m = messages.c
    query = (
        select(
            m.message_id,
            m.event_id,
            m.kind,
            m.complaint_id,
            m.recipient,
            m.text,
            m.encoding,
            m.segments,
            m.attempts,
            m.not_after,
            m.traceparent,
        )
        .where(m.status == Status.QUEUED, m.recipient.is_not(None), m.next_attempt_at <= func.now())
        .order_by(m.priority, m.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if quiet:
        query = query.where(m.kind == Kind.ONE_TIME_CODE)
    return (await conn.execute(query)).all()


async def mark_expired(conn: AsyncConnection, message_id: uuid.UUID) -> None:
    await conn.execute(
        update(messages).where(messages.c.message_id == message_id).values(status=Status.EXPIRED)
    )


# --- the operator's view ---------------------------------------------------------------------


async def for_tracking_code(conn: AsyncConnection, tracking_code: str) -> list[MessageRow]:
    query = (
        select(*_MESSAGE_COLUMNS)
        .where(messages.c.tracking_code == tracking_code)
        .order_by(messages.c.created_at, messages.c.message_id)
    )
    return [MessageRow(*row) for row in await conn.execute(query)]


async def dead_letters(conn: AsyncConnection, size: int, after: PageKey | None) -> list[MessageRow]:
    m = messages.c
    query = select(*_MESSAGE_COLUMNS).where(m.status.in_(REDRIVABLE))
    rows = await conn.execute(queue.newest_first(query, m.created_at, m.message_id, size, after))
    return [MessageRow(*row) for row in rows]


async def redrive_message(conn: AsyncConnection, message_id: uuid.UUID) -> MessageRow | None:
    """A dead or failed message queued again; None when not such a message."""
    row = await queue.redrive(
        conn, messages.c.message_id, message_id, REDRIVABLE, SMS_CHANNEL, _MESSAGE_COLUMNS
    )
    return MessageRow(*row) if row else None


async def message_exists(conn: AsyncConnection, message_id: uuid.UUID) -> bool:
    return await queue.exists(conn, messages.c.message_id, message_id)


async def forget_phone(conn: AsyncConnection, complaint_id: str, pseudonym: str) -> None:
    """The complaint's phone replaced by `pseudonym`, in its recipient and its messages; those
    still queued expire (they have nowhere to go)."""
    await conn.execute(
        update(recipients).where(recipients.c.complaint_id == complaint_id).values(phone=pseudonym)
    )
    of_complaint = messages.c.complaint_id == complaint_id
    await conn.execute(
        update(messages)
        .where(of_complaint, messages.c.status == Status.QUEUED)
        .values(status=Status.EXPIRED, last_error="the complaint's personal data was erased")
    )
    await conn.execute(
        update(messages)
        .where(of_complaint, messages.c.recipient.is_not(None))
        .values(recipient=pseudonym)
    )
