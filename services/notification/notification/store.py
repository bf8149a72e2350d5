"""Notification's tables and queries: messages to citizens and their delivery queue, the
citizens' phones by complaint, and the pushes of corrected records to the health book.

Both queues (messages, healthbook_syncs) are claimed the same way as the outbox: due rows
`FOR UPDATE SKIP LOCKED`, handled, and their outcome written in the claiming transaction."""

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    bindparam,
    func,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import TextClause

from notification.domain import REDRIVABLE, SEND_PRIORITY, Attempt, Kind, Status, after_failure
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.notification.v1 import notification_pb2
from phananh_common.local_time import utc_now
from phananh_common.outbox import publish
from phananh_common.protoconv import enum_value, from_datetime
from phananh_common.queues import retry_delay
from phananh_common.telemetry import current_traceparent

# NOTIFY channels that wake the workers at the commit of new work.
SMS_CHANNEL = "phananh_sms"
HEALTHBOOK_CHANNEL = "phananh_healthbook"

metadata = MetaData()


def _queue_columns() -> list[Column]:
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


messages = Table(
    "messages",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    # Empty for one-time codes.
    Column("tracking_code", Text, nullable=False),
    Column("complaint_id", Text),
    # E.164; NULL while the complaint's own event has not arrived.
    Column("recipient", Text),
    Column("text", Text, nullable=False),
    Column("encoding", Text, nullable=False),
    Column("segments", Integer, nullable=False),
    # A one-time code is not sent after this.
    Column("not_after", DateTime(timezone=True)),
    Column("provider_message_id", Text),
    Column("delivered_at", DateTime(timezone=True)),
    # What the message is sent once for: its event (a citizen's messages), or the officer and
    # day (a digest, whatever events ask for it).
    Column("once_key", Text, nullable=False),
    # The trace of the event that made the message: its sending joins that trace.
    Column("traceparent", Text),
    # domain.SEND_PRIORITY of its kind.
    Column("priority", SmallInteger, nullable=False),
    *_queue_columns(),
    # One message per kind and occasion, whatever the redeliveries.
    UniqueConstraint("kind", "once_key"),
    Index(
        "messages_due",
        "priority",
        "next_attempt_at",
        postgresql_where=text("status = 'QUEUED' AND recipient IS NOT NULL"),
    ),
    Index("messages_waiting_recipient", "complaint_id", postgresql_where=text("recipient IS NULL")),
    Index("messages_tracking_code", "tracking_code"),
    # An SMPP receipt names the message by the SMSC's id only.
    Index(
        "messages_provider_message_id",
        "provider_message_id",
        postgresql_where=text("provider_message_id IS NOT NULL"),
    ),
    Index("messages_dead", "created_at", postgresql_where=text("status IN ('DEAD', 'FAILED')")),
)

# Delivery reports as the provider sent them, until the dispatcher applies them to their
# messages: the listener only adds a row, so a report never waits for the lock of a message
# whose sending batch is still open.
delivery_reports = Table(
    "delivery_reports",
    metadata,
    Column("report_id", BigInteger, Identity(), primary_key=True),
    Column("message_id", Uuid, nullable=False, index=True),
    # The final status it reports (DELIVERED, FAILED); NULL for an intermediate report.
    Column("status", Text),
    Column("provider_message_id", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The citizen's phone for each complaint, from ComplaintSubmitted: outcome messages go there.
recipients = Table(
    "recipients",
    metadata,
    Column("complaint_id", Text, primary_key=True),
    Column("phone", Text, nullable=False),
)

healthbook_syncs = Table(
    "healthbook_syncs",
    metadata,
    Column("sync_id", Uuid, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("tracking_code", Text, nullable=False),
    Column("dose_id", Text, nullable=False),
    # The FHIR Immunization resource as validated when the event arrived.
    Column("resource", JSONB, nullable=False),
    Column("http_status", Integer),
    # Where the health book keeps the resource (its Location header).
    Column("location", Text),
    *_queue_columns(),
    UniqueConstraint("event_id", "dose_id"),
    Index("healthbook_syncs_due", "next_attempt_at", postgresql_where=text("status = 'QUEUED'")),
)


@dataclass(frozen=True)
class MessageRow:
    message_id: uuid.UUID
    tracking_code: str
    kind: str
    status: str
    event_id: uuid.UUID
    created_at: datetime
    attempts: int
    last_error: str | None
    provider_message_id: str | None
    sent_at: datetime | None
    delivered_at: datetime | None
    segments: int
    has_recipient: bool


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


@dataclass(frozen=True)
class SyncRow:
    sync_id: uuid.UUID
    event_id: uuid.UUID
    tracking_code: str
    dose_id: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime


_SYNC_COLUMNS = [healthbook_syncs.c[f] for f in SyncRow.__dataclass_fields__]


@dataclass(frozen=True)
class DeliveryReport:
    # None: a report that names the message by the provider's id only (an SMPP receipt).
    message_id: uuid.UUID | None
    # The final status it reports; None for an intermediate report.
    status: Status | None
    provider_message_id: str


# A page's position: the creation time and id of its last row.
PageKey = tuple[datetime, uuid.UUID]


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


_APPLY_REPORTS = f"""
WITH ready AS (
    SELECT message_id, status AS status_before FROM messages
    WHERE message_id IN (SELECT message_id FROM delivery_reports)
      AND status IN ('{Status.SENT}', '{Status.DELIVERED}', '{Status.FAILED}')
    FOR UPDATE SKIP LOCKED
), taken AS (
    DELETE FROM delivery_reports r USING ready WHERE r.message_id = ready.message_id
    RETURNING r.report_id, r.message_id, r.status, r.provider_message_id, r.received_at
), folded AS (
    SELECT
        message_id,
        (array_agg(status ORDER BY report_id) FILTER (WHERE status IS NOT NULL))[1] AS status,
        (array_agg(received_at ORDER BY report_id) FILTER (WHERE status IS NOT NULL))[1]
            AS final_at,
        (array_agg(provider_message_id ORDER BY report_id)
            FILTER (WHERE provider_message_id <> ''))[1] AS provider_message_id
    FROM taken GROUP BY message_id
)
UPDATE messages m SET
    status = CASE WHEN m.status = '{Status.SENT}' THEN coalesce(f.status, m.status)
                  ELSE m.status END,
    delivered_at = CASE WHEN m.status = '{Status.SENT}' AND f.status = '{Status.DELIVERED}'
                        THEN f.final_at ELSE m.delivered_at END,
    provider_message_id = coalesce(m.provider_message_id, f.provider_message_id)
FROM folded f JOIN ready r USING (message_id) WHERE m.message_id = f.message_id
RETURNING m.message_id, m.complaint_id, m.kind,
    CASE WHEN m.status <> r.status_before THEN m.status END AS status
"""


async def publish_status(
    conn: AsyncConnection, message_id: uuid.UUID, complaint_id: str | None, kind: str, status
) -> None:
    """MessageStatusChanged, in the transaction that changed the status, for a message about
    a complaint (one-time codes are about none)."""
    if not complaint_id:
        return
    event = MessageStatusChanged(
        message_id=str(message_id),
        complaint_id=complaint_id,
        kind=enum_value(notification_pb2.MessageKind, kind),
        status=enum_value(notification_pb2.MessageStatus, status),
        changed_at=from_datetime(utc_now()),
    )
    await publish(conn, "notification", [event])


def _page(query, created_at: Column, key: Column, size: int, after: PageKey | None):
    """Newest first, keyset-paged on (created_at, key)."""
    if after is not None:
        query = query.where(tuple_(created_at, key) < tuple_(*after))
    return query.order_by(created_at.desc(), key.desc()).limit(size)


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


class NotificationStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    # --- events in -------------------------------------------------------------------------

    @staticmethod
    async def serialize_on_complaint(conn: AsyncConnection, complaint_id: str) -> None:
        """A complaint's own event and its outcomes come from different producers, maybe at
        once: they take turns, so an outcome never misses the phone committed beside it."""
        await conn.execute(_COMPLAINT_TURN, {"complaint_id": complaint_id})

    @staticmethod
    async def remember_recipient(conn: AsyncConnection, complaint_id: str, phone: str) -> None:
        """Keeps the phone, and gives it to the messages that were waiting for it."""
        await conn.execute(_NEW_RECIPIENT, {"complaint_id": complaint_id, "phone": phone})

    @staticmethod
    async def recipient_of(conn: AsyncConnection, complaint_id: str) -> str | None:
        return await conn.scalar(
            select(recipients.c.phone).where(recipients.c.complaint_id == complaint_id)
        )

    @staticmethod
    async def queue_message(conn: AsyncConnection, row: dict) -> None:
        values = {
            **row,
            "priority": SEND_PRIORITY[row["kind"]],
            "traceparent": current_traceparent(),
        }
        await conn.execute(_new_message(tuple(values)), values)
        if values.get("complaint_id") and values["priority"] < _LOWEST_PRIORITY:
            await conn.execute(_EARLIER_RAISED, values)

    @staticmethod
    async def queue_syncs(conn: AsyncConnection, rows: list[dict]) -> None:
        if rows:
            await conn.execute(insert(healthbook_syncs).values(rows).on_conflict_do_nothing())
            await conn.execute(text(f"NOTIFY {HEALTHBOOK_CHANNEL}"))

    # --- the SMS queue ---------------------------------------------------------------------

    @staticmethod
    async def claim_messages(conn: AsyncConnection, limit: int, quiet: bool):
        """Due messages with a recipient, the most urgent kind first (domain.SEND_PRIORITY),
        then the oldest due; during quiet hours only the one-time codes."""
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
            .where(
                m.status == Status.QUEUED, m.recipient.is_not(None), m.next_attempt_at <= func.now()
            )
            .order_by(m.priority, m.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if quiet:
            query = query.where(m.kind == Kind.ONE_TIME_CODE)
        return (await conn.execute(query)).all()

    @staticmethod
    async def mark_expired(conn: AsyncConnection, row) -> None:
        """`row`: a claimed message."""
        await conn.execute(
            update(messages)
            .where(messages.c.message_id == row.message_id)
            .values(status=Status.EXPIRED)
        )
        await publish_status(conn, row.message_id, row.complaint_id, row.kind, Status.EXPIRED)

    async def record_delivery_reports(self, reports: list[DeliveryReport]) -> list[bool]:
        """Keeps the providers' reports of known messages, for the dispatcher to apply once
        each message's sending is committed; whether each report was kept. A report that names
        only the provider's id is matched by it (the id is stored with the sending)."""
        m = messages.c
        async with self.engine.begin() as conn:
            by_provider = {r.provider_message_id for r in reports if r.message_id is None}
            found = {}
            if by_provider:
                matched = select(m.provider_message_id, m.message_id).where(
                    m.provider_message_id.in_(by_provider)
                )
                found = dict((await conn.execute(matched)).all())
            ids = [r.message_id or found.get(r.provider_message_id) for r in reports]
            named = {i for i in ids if i is not None}
            known = set(await conn.scalars(select(m.message_id).where(m.message_id.in_(named))))
            rows = [
                {
                    "message_id": message_id,
                    "status": r.status,
                    "provider_message_id": r.provider_message_id,
                }
                for r, message_id in zip(reports, ids, strict=True)
                if message_id in known
            ]
            if rows:
                await conn.execute(insert(delivery_reports), rows)
                await conn.execute(text(f"NOTIFY {SMS_CHANNEL}"))
        return [message_id in known for message_id in ids]

    @staticmethod
    async def apply_delivery_reports(conn: AsyncConnection) -> None:
        """Applies the kept reports of the sent messages that no other transaction holds, in
        one statement: the first final report sets DELIVERED or FAILED (a final status is never
        overwritten, and each status set is published), the first provider id is kept."""
        changed = (await conn.execute(text(_APPLY_REPORTS))).all()
        for row in changed:
            if row.status:  # NULL: a report that changed no status (already final)
                await publish_status(conn, row.message_id, row.complaint_id, row.kind, row.status)

    # --- the health book queue -------------------------------------------------------------

    @staticmethod
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

    # --- the operator's view ---------------------------------------------------------------

    async def _messages(self, query) -> list[MessageRow]:
        async with self.engine.connect() as conn:
            return [MessageRow(*row) for row in await conn.execute(query)]

    async def for_tracking_code(self, tracking_code: str) -> list[MessageRow]:
        query = (
            select(*_MESSAGE_COLUMNS)
            .where(messages.c.tracking_code == tracking_code)
            .order_by(messages.c.created_at, messages.c.message_id)
        )
        return await self._messages(query)

    async def dead_letters(self, size: int, after: PageKey | None) -> list[MessageRow]:
        m = messages.c
        query = select(*_MESSAGE_COLUMNS).where(m.status.in_(REDRIVABLE))
        return await self._messages(_page(query, m.created_at, m.message_id, size, after))

    async def _redrive(self, key_column: Column, key, statuses, channel: str, returning):
        """Queues an item given up on again, with a fresh count of attempts; None when there
        is no such item or it is not in one of `statuses`."""
        table = key_column.table
        query = (
            update(table)
            .where(key_column == key, table.c.status.in_(statuses))
            .values(status=Status.QUEUED, attempts=0, next_attempt_at=func.now(), last_error=None)
            .returning(*returning)
        )
        async with self.engine.begin() as conn:
            row = (await conn.execute(query)).first()
            if row is not None:
                await conn.execute(text(f"NOTIFY {channel}"))
        return row

    async def _exists(self, key_column: Column, key) -> bool:
        async with self.engine.connect() as conn:
            return await conn.scalar(select(key_column).where(key_column == key)) is not None

    async def redrive(self, message_id: uuid.UUID) -> MessageRow | None:
        """A dead or failed message queued again; None when not such a message."""
        row = await self._redrive(
            messages.c.message_id, message_id, REDRIVABLE, SMS_CHANNEL, _MESSAGE_COLUMNS
        )
        return MessageRow(*row) if row else None

    async def message_exists(self, message_id: uuid.UUID) -> bool:
        return await self._exists(messages.c.message_id, message_id)

    async def sync_failures(self, size: int, after: PageKey | None) -> list[SyncRow]:
        s = healthbook_syncs.c
        query = select(*_SYNC_COLUMNS).where(s.status == Status.DEAD)
        async with self.engine.connect() as conn:
            rows = await conn.execute(_page(query, s.created_at, s.sync_id, size, after))
            return [SyncRow(*row) for row in rows]

    async def redrive_sync(self, sync_id: uuid.UUID) -> SyncRow | None:
        """A push given up on queued again; None when not such a push."""
        row = await self._redrive(
            healthbook_syncs.c.sync_id, sync_id, (Status.DEAD,), HEALTHBOOK_CHANNEL, _SYNC_COLUMNS
        )
        return SyncRow(*row) if row else None

    async def sync_exists(self, sync_id: uuid.UUID) -> bool:
        return await self._exists(healthbook_syncs.c.sync_id, sync_id)
