"""The consumer side of events: an inbox row and the event's effect in one transaction, so a
redelivered event is acknowledged and changes nothing (at-least-once delivery, exactly-once
effect). Two replicas receiving the same event at once serialise on the inbox's primary key."""

import uuid
from collections.abc import Awaitable, Callable, Mapping

from google.protobuf.message import Message
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from sqlalchemy import Column, DateTime, MetaData, Table, Text, Uuid, bindparam, func, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh_common.errors import FieldViolation, InvalidArgument, Unimplemented

tracer = trace.get_tracer(__name__)

metadata = MetaData()

inbox_events = Table(
    "inbox_events",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("type", Text, nullable=False),
    Column("producer", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The event's row, unless it was received before (then None). Written as text because
# SQLAlchemy 2.0 compiles PostgreSQL's insert() (its ON CONFLICT) again at every execution,
# and every consumer runs this for every event.
_FIRST_RECEIPT = text(
    "INSERT INTO inbox_events (event_id, type, producer) VALUES (:event_id, :type, :producer)"
    " ON CONFLICT DO NOTHING RETURNING event_id"
).bindparams(bindparam("event_id", type_=Uuid))

# A handler applies one event inside the inbox's transaction.
Handler = Callable[[AsyncConnection, Message, envelope_pb2.EventEnvelope], Awaitable[None]]


class EventConsumer(envelope_pb2_grpc.EventConsumerServiceServicer):
    def __init__(self, engine: AsyncEngine, handlers: Mapping[type[Message], Handler]):
        self._engine = engine
        self._handlers = {cls.DESCRIPTOR.full_name: (cls, fn) for cls, fn in handlers.items()}

    async def DeliverEvent(self, request, context):  # noqa: N802 (gRPC's name)
        envelope = request.event
        try:
            event_id = uuid.UUID(envelope.event_id)
        except ValueError:
            raise InvalidArgument.of([FieldViolation("event.event_id", "must be a UUID")]) from None
        type_name = envelope.payload.TypeName()
        if type_name not in self._handlers:
            # Not acknowledged: the producer retries until this consumer knows the type.
            raise Unimplemented(f"no handler for {type_name}")
        message_class, handle = self._handlers[type_name]
        payload = message_class()
        envelope.payload.Unpack(payload)
        with tracer.start_as_current_span(
            f"{type_name} process",
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": "phananh.outbox",
                "messaging.message.id": str(event_id),
            },
        ):
            async with self._engine.begin() as conn:
                first_time = await conn.scalar(
                    _FIRST_RECEIPT,
                    {"event_id": event_id, "type": type_name, "producer": envelope.producer},
                )
                if first_time is None:
                    return envelope_pb2.DeliverEventResponse(already_applied=True)
                try:
                    await handle(conn, payload, envelope)
                except ValueError:
                    # An id that is not a UUID, a timestamp out of range: the event is refused
                    # (and stays in the producer's outbox) rather than an internal failure.
                    raise InvalidArgument.of(
                        [FieldViolation("event.payload", "holds a value out of its shape")]
                    ) from None
        return envelope_pb2.DeliverEventResponse()
