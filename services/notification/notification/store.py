"""Notification's tables and queries: messages to citizens and their delivery queue, the
citizens' phones by complaint, and the pushes of corrected records to the health book.

Both queues (messages, healthbook_syncs) are claimed the same way as the outbox: due rows
`FOR UPDATE SKIP LOCKED`, handled, and their outcome written in the claiming transaction."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notification.domain import REDRIVABLE, Attempt, Kind, Status, after_failure
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.notification.v1 import notification_pb2
from phananh_common.local_time import utc_now
from phananh_common.outbox import publish
from phananh_common.protoconv import enum_value, from_datetime
from phananh_common.relay import retry_delay

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
    *_queue_columns(),
    # One message per event and kind, whatever the redeliveries.
    UniqueConstraint("event_id", "kind"),
    Index(
        "messages_due",
        "next_attempt_at",
        postgresql_where=text("status = 'QUEUED' AND recipient IS NOT NULL"),
    ),
    Index("messages_waiting_recipient", "complaint_id", postgresql_where=text("recipient IS NULL")),
    Index("messages_tracking_code", "tracking_code"),
    Index("messages_dead", "created_at", postgresql_where=text("status IN ('DEAD', 'FAILED')")),
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
    attempts: int
    last_error: str | None
    created_at: datetime


# A page's position: the creation time and id of its last row.
PageKey = tuple[datetime, uuid.UUID]


async def record_attempt(
    conn: AsyncConnection,
    key_column: Column,
    key,
    attempt: Attempt,
    attempts_so_far: int,
    max_attempts: int,
    sent_values: dict,
) -> Status | None:
    """Writes the outcome of one attempt on a claimed queue item: sent (with `sent_values`),
    dead (refused, or the last attempt), or due again after a backoff with jitter. Returns
    the new status (None: still queued)."""
    table = key_column.table
    change = update(table).where(key_column == key)
    if attempt.accepted:
        values = {"status": Status.SENT, "attempts": attempts_so_far + 1, "last_error": None}
        await conn.execute(change.values(**values, **sent_values))
        return Status.SENT
    elif after_failure(attempt, attempts_so_far, max_attempts):
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


class NotificationStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    # --- events in -------------------------------------------------------------------------

    @staticmethod
    async def serialize_on_complaint(conn: AsyncConnection, complaint_id: str) -> None:
        """A complaint's own event and its outcomes come from different producers, maybe at
        once: they take turns, so an outcome never misses the phone committed beside it."""
        await conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(complaint_id))))

    @staticmethod
    async def remember_recipient(conn: AsyncConnection, complaint_id: str, phone: str) -> None:
        """Keeps the phone, and gives it to the messages that were waiting for it."""
        await conn.execute(
            insert(recipients)
            .values(complaint_id=complaint_id, phone=phone)
            .on_conflict_do_nothing()
        )
        await conn.execute(
            update(messages)
            .where(messages.c.complaint_id == complaint_id, messages.c.recipient.is_(None))
            .values(recipient=phone, next_attempt_at=func.now())
        )
        await conn.execute(text(f"NOTIFY {SMS_CHANNEL}"))

    @staticmethod
    async def recipient_of(conn: AsyncConnection, complaint_id: str) -> str | None:
        return await conn.scalar(
            select(recipients.c.phone).where(recipients.c.complaint_id == complaint_id)
        )

    @staticmethod
    async def queue_message(conn: AsyncConnection, row: dict) -> None:
        await conn.execute(insert(messages).values(row).on_conflict_do_nothing())
        await conn.execute(text(f"NOTIFY {SMS_CHANNEL}"))

    @staticmethod
    async def queue_syncs(conn: AsyncConnection, rows: list[dict]) -> None:
        if rows:
            await conn.execute(insert(healthbook_syncs).values(rows).on_conflict_do_nothing())
            await conn.execute(text(f"NOTIFY {HEALTHBOOK_CHANNEL}"))

    # --- the SMS queue ---------------------------------------------------------------------

    @staticmethod
    async def claim_messages(conn: AsyncConnection, limit: int, quiet: bool):
        """Due messages with a recipient, oldest due first; during quiet hours only the
        one-time codes."""
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
                m.attempts,
                m.not_after,
            )
            .where(
                m.status == Status.QUEUED, m.recipient.is_not(None), m.next_attempt_at <= func.now()
            )
            .order_by(m.next_attempt_at)
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

    async def apply_delivery_report(
        self, message_id: uuid.UUID, status: Status | None, provider_message_id: str
    ) -> bool:
        """Records a provider's report on a sent message; False when no such message was
        sent. A final status (DELIVERED, FAILED) is never overwritten by a late report. A
        report that comes before the sending transaction commits waits for its row lock."""
        m = messages.c
        sent = (Status.SENT, Status.DELIVERED, Status.FAILED)
        async with self.engine.begin() as conn:
            # Locked whatever its status: a report on a message whose sending has not
            # committed yet waits here for it (a status condition would skip the row).
            found = (
                await conn.execute(
                    select(m.status, m.complaint_id, m.kind)
                    .where(m.message_id == message_id)
                    .with_for_update()
                )
            ).one_or_none()
            if found is None or found.status not in sent:
                return False
            current = found.status
            values: dict = {}
            if provider_message_id:
                values["provider_message_id"] = func.coalesce(
                    m.provider_message_id, provider_message_id
                )
            if status is not None and current == Status.SENT:
                values["status"] = status
                if status is Status.DELIVERED:
                    values["delivered_at"] = func.now()
            if values:
                await conn.execute(
                    update(messages).where(m.message_id == message_id).values(**values)
                )
            if "status" in values:
                await publish_status(conn, message_id, found.complaint_id, found.kind, status)
        return True

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

    async def redrive(self, message_id: uuid.UUID) -> MessageRow | None:
        """Queues a dead or failed message again with a fresh count of attempts; None when
        there is no such message or it is not dead or failed."""
        m = messages.c
        query = (
            update(messages)
            .where(m.message_id == message_id, m.status.in_(REDRIVABLE))
            .values(status=Status.QUEUED, attempts=0, next_attempt_at=func.now(), last_error=None)
            .returning(*_MESSAGE_COLUMNS)
        )
        async with self.engine.begin() as conn:
            row = (await conn.execute(query)).first()
            if row is not None:
                await conn.execute(text(f"NOTIFY {SMS_CHANNEL}"))
        return MessageRow(*row) if row else None

    async def message_exists(self, message_id: uuid.UUID) -> bool:
        async with self.engine.connect() as conn:
            found = await conn.scalar(
                select(messages.c.message_id).where(messages.c.message_id == message_id)
            )
        return found is not None

    async def sync_failures(self, size: int, after: PageKey | None) -> list[SyncRow]:
        s = healthbook_syncs.c
        query = select(
            s.sync_id,
            s.event_id,
            s.tracking_code,
            s.dose_id,
            s.attempts,
            s.last_error,
            s.created_at,
        ).where(s.status == Status.DEAD)
        async with self.engine.connect() as conn:
            rows = await conn.execute(_page(query, s.created_at, s.sync_id, size, after))
            return [SyncRow(*row) for row in rows]
