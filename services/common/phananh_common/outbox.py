"""Transactional outbox: an event is written in the same transaction as the change it reports,
with one delivery row per subscribed consumer, and a NOTIFY that wakes the relay at commit."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import asyncpg
from google.protobuf.message import Message
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    bindparam,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh.events.v1.envelope_pb2 import EventEnvelope
from phananh_common.protoconv import from_datetime
from phananh_common.subscriptions import SUBSCRIPTIONS
from phananh_common.telemetry import current_traceparent

NOTIFY_CHANNEL = "phananh_outbox"
# A statement's expression that wakes the relays when its transaction commits.
NOTIFY_WHEN_PUBLISHED = f"pg_notify('{NOTIFY_CHANNEL}', '')"

metadata = MetaData()

outbox_events = Table(
    "outbox_events",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("type", Text, nullable=False),
    # The serialized EventEnvelope, exactly as consumers receive it.
    Column("envelope", LargeBinary, nullable=False),
    # W3C traceparent of the request that caused the event; the relay continues that trace.
    Column("traceparent", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

outbox_deliveries = Table(
    "outbox_deliveries",
    metadata,
    # No foreign key to outbox_events: both rows are written by one statement (publish) and
    # deleted together (delete_events), and the key's check, a trigger per row, cost more
    # than the row itself: most of a bulk import's outbox writing.
    Column("event_id", Uuid, nullable=False),
    Column("consumer", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_error", Text),
    PrimaryKeyConstraint("event_id", "consumer"),
    Index(
        "outbox_deliveries_pending",
        "next_attempt_at",
        postgresql_where=text("delivered_at IS NULL"),
    ),
)


_EVENT_COLUMNS = ("event_id", "type", "envelope", "traceparent")
# The events, their deliveries and the relay's wake-up in one statement (one round trip), as
# text compiled once; the rows come as one array per column.
_PUBLISH = text(
    "WITH events AS (INSERT INTO outbox_events (event_id, type, envelope, traceparent)"
    " SELECT * FROM unnest(:event_id, :type, :envelope, :traceparent)),"
    " deliveries AS (INSERT INTO outbox_deliveries (event_id, consumer)"
    " SELECT * FROM unnest(:delivered_event_id, :consumer))"
    f" SELECT {NOTIFY_WHEN_PUBLISHED}"
).bindparams(
    bindparam("event_id", type_=ARRAY(Uuid)),
    bindparam("type", type_=ARRAY(Text)),
    bindparam("envelope", type_=ARRAY(LargeBinary)),
    bindparam("traceparent", type_=ARRAY(Text)),
    bindparam("delivered_event_id", type_=ARRAY(Uuid)),
    bindparam("consumer", type_=ARRAY(Text)),
)


def envelope_for(producer: str, message: Message, occurred_at: datetime | None = None):
    envelope = EventEnvelope(
        event_id=str(uuid.uuid4()),
        producer=producer,
        occurred_at=from_datetime(occurred_at or datetime.now(UTC)),
    )
    envelope.payload.Pack(message)
    return envelope


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number: int, value: bytes) -> bytes:
    """A length-delimited protobuf field: key, length, bytes."""
    return _varint(number << 3 | 2) + _varint(len(value)) + value


class EnvelopeBytes:
    """envelope_for(producer, message, occurred_at).SerializeToString() for many messages of
    one type and instant, from each message's serialized bytes: a bulk import's envelopes are
    written around the payload instead of built and serialized again, row by row."""

    def __init__(self, producer: str, type_name: str, occurred_at: datetime):
        header = EventEnvelope(producer=producer, occurred_at=from_datetime(occurred_at))
        # Fields 2 and 3 (producer, occurred_at), which follow the event id (1).
        self._header = header.SerializeToString()
        self._type_url = _field(1, f"type.googleapis.com/{type_name}".encode())

    def wrap(self, event_id: str, payload: bytes) -> bytes:
        any_value = self._type_url + _field(2, payload)
        return _field(1, event_id.encode()) + self._header + _field(4, any_value)


def event_values(producer: str, message: Message) -> dict:
    """One event's outbox row (event_id, type, envelope, traceparent) and its subscribers
    (consumers), to be written by publish() or by a statement of the caller's own that
    includes published_for()."""
    type_name = message.DESCRIPTOR.full_name
    consumers = SUBSCRIPTIONS.get(type_name)
    if consumers is None:
        raise LookupError(f"no subscription for {type_name}")
    envelope = envelope_for(producer, message)
    return {
        "event_id": uuid.UUID(envelope.event_id),
        "type": type_name,
        "envelope": envelope.SerializeToString(),
        "traceparent": current_traceparent(),
        "consumers": list(consumers),
    }


def published_for(
    source: str,
    envelope: str = ":envelope",
    *,
    event_id: str = ":event_id",
    event_type: str = ":type",
    traceparent: str = ":traceparent",
    consumers: str = ":consumers",
) -> str:
    """Common table expressions writing the event of event_values() (as bind parameters of
    the same names) and its deliveries once per row of `source`, in the caller's statement:
    a change and its event in one round trip. Each argument is the SQL expression of its
    column when the statement makes it: `envelope` when it amends the event, `event_id` and
    the others when each row of a bulk statement carries its own event. `published` returns
    the events' ids. The statement also selects NOTIFY_WHEN_PUBLISHED."""
    return (
        f"published AS (INSERT INTO outbox_events (event_id, type, envelope, traceparent)"
        f" SELECT {event_id}, {event_type}, {envelope}, {traceparent} FROM {source}"
        " RETURNING event_id),"
        " published_deliveries AS (INSERT INTO outbox_deliveries (event_id, consumer)"
        f" SELECT event_id, c FROM published, unnest(CAST({consumers} AS text[])) c)"
    )


async def rewrite_envelopes(
    conn: asyncpg.Connection, event_ids: Sequence[uuid.UUID], envelopes: Sequence[bytes]
) -> None:
    """Writes these events' envelopes again, in the transaction that published them: a bulk
    path (on asyncpg's connection) amends a few of the events its statement wrote."""
    await conn.execute(
        "UPDATE outbox_events o SET envelope = m.envelope FROM unnest($1::uuid[], $2::bytea[])"
        " m (event_id, envelope) WHERE o.event_id = m.event_id",
        event_ids,
        envelopes,
    )


async def publish(conn: AsyncConnection, producer: str, messages: Iterable[Message]) -> list[str]:
    """Adds the events to the outbox inside the caller's transaction; returns their ids."""
    events = [event_values(producer, message) for message in messages]
    if not events:
        return []
    await conn.execute(
        _PUBLISH,
        {
            **{name: [e[name] for e in events] for name in _EVENT_COLUMNS},
            "delivered_event_id": [e["event_id"] for e in events for _ in e["consumers"]],
            "consumer": [c for e in events for c in e["consumers"]],
        },
    )
    return [str(e["event_id"]) for e in events]


async def redeliver_all(conn: AsyncConnection, consumer: str) -> int:
    """Makes every stored event of the types `consumer` subscribes to due for it again, as
    if just published (for rebuilding the consumer's projection); returns how many."""
    types = [t for t, consumers in SUBSCRIPTIONS.items() if consumer in consumers]
    result = await conn.execute(
        text(
            "INSERT INTO outbox_deliveries (event_id, consumer)"
            " SELECT event_id, :consumer FROM outbox_events WHERE type = ANY(:types)"
            " ON CONFLICT (event_id, consumer) DO UPDATE SET delivered_at = NULL,"
            " attempts = 0, next_attempt_at = now(), last_error = NULL"
        ),
        {"consumer": consumer, "types": types},
    )
    await conn.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return result.rowcount


async def delete_events(conn: AsyncConnection, where) -> int:
    """Deletes the events that match `where` (on outbox_events) with their deliveries;
    returns how many events."""
    # Chosen once: `where` may depend on the deliveries deleted first.
    doomed = (await conn.scalars(select(outbox_events.c.event_id).where(where))).all()
    if not doomed:
        return 0
    await conn.execute(outbox_deliveries.delete().where(outbox_deliveries.c.event_id.in_(doomed)))
    await conn.execute(outbox_events.delete().where(outbox_events.c.event_id.in_(doomed)))
    return len(doomed)


async def delete_when_delivered(conn: AsyncConnection, event_ids: Iterable[uuid.UUID]) -> int:
    """Deletes those of these events that every consumer has received; returns how many."""
    d = outbox_deliveries
    return await delete_events(
        conn,
        outbox_events.c.event_id.in_(list(event_ids))
        & ~exists().where(d.c.event_id == outbox_events.c.event_id, d.c.delivered_at.is_(None)),
    )
