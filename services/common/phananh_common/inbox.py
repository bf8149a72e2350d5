"""The consumer side of events: an inbox row and the event's effect in one transaction, so a
redelivered event is acknowledged and changes nothing (at-least-once delivery, exactly-once
effect). Two replicas receiving the same event at once serialise on the inbox's primary key.

A batch (`DeliverEvents`) is applied in one transaction: one commit, one connection and one
call for all its events. When that transaction fails, each event is applied again in a
transaction of its own, so a refused event is reported alone and the others still pass."""

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

from google.protobuf.message import Message
from google.rpc import code_pb2, status_pb2
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind
from sqlalchemy import Column, DateTime, MetaData, Table, Text, Uuid, bindparam, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh_common.access import calling_service
from phananh_common.database import database_unavailable
from phananh_common.errors import (
    FieldViolation,
    InvalidArgument,
    PermissionDenied,
    ServiceError,
    Unimplemented,
)
from phananh_common.subscriptions import PUBLISHERS
from phananh_common.telemetry import stored_trace

log = logging.getLogger(__name__)
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

# The rows of events not received before, one statement for a batch's events (their ids
# returned). Written as text because SQLAlchemy 2.0 compiles PostgreSQL's insert() (its ON
# CONFLICT) again at every execution, and every consumer runs this for every batch.
_FIRST_RECEIPTS = text(
    "INSERT INTO inbox_events (event_id, type, producer)"
    " SELECT * FROM unnest(:event_id, :type, :producer)"
    " ON CONFLICT DO NOTHING RETURNING event_id"
).bindparams(
    bindparam("event_id", type_=ARRAY(Uuid)),
    bindparam("type", type_=ARRAY(Text)),
    bindparam("producer", type_=ARRAY(Text)),
)

# A handler applies one event inside the inbox's transaction.
Handler = Callable[[AsyncConnection, Message, envelope_pb2.EventEnvelope], Awaitable[None]]


@dataclass(frozen=True)
class _Event:
    """A received event, checked: its id, type and payload, and the handler that applies it."""

    event_id: uuid.UUID
    type_name: str
    payload: Message
    envelope: envelope_pb2.EventEnvelope
    handle: Handler


def _result(*, applied: bool = True, error: ServiceError | None = None):
    if error is None:
        return envelope_pb2.EventResult(already_applied=not applied)
    status = status_pb2.Status(code=code_pb2.Code.Value(error.code), message=error.message)
    return envelope_pb2.EventResult(status=status)


# Taken by a transaction that applies events, in a consumer whose events change shared rows:
# alone by a batch, shared by a single event.
_BATCH_ALONE = text("SELECT pg_advisory_xact_lock(hashtext('phananh events applied'))")
_EVENT_BESIDE_OTHERS = text(
    "SELECT pg_advisory_xact_lock_shared(hashtext('phananh events applied'))"
)


class EventConsumer(envelope_pb2_grpc.EventConsumerServiceServicer):
    def __init__(
        self,
        engine: AsyncEngine,
        handlers: Mapping[type[Message], Handler],
        *,
        batches_alone: bool = False,
    ):
        """`batches_alone`: a transaction applying a batch runs alone, in all replicas: for
        handlers whose events change shared rows (counters), which a batch's events lock one
        after the other, so two batches, or a batch and a single event, would lock them in
        opposite orders (a deadlock, then every event of the batch again on its own).
        Single events, each locking its rows in one order, still run beside each other."""
        self._engine = engine
        self._handlers = {cls.DESCRIPTOR.full_name: (cls, fn) for cls, fn in handlers.items()}
        self._batches_alone = batches_alone

    @asynccontextmanager
    async def _transaction(self, *, batch: bool):
        async with self._engine.begin() as conn:
            if self._batches_alone:
                await conn.execute(_BATCH_ALONE if batch else _EVENT_BESIDE_OTHERS)
            yield conn

    async def DeliverEvent(self, request, context):  # noqa: N802 (gRPC's name)
        event = self._checked(request.event)
        async with self._transaction(batch=False) as conn:
            [applied] = await self._apply_all(conn, [(event, None)])
        return envelope_pb2.DeliverEventResponse(already_applied=not applied)

    async def DeliverEvents(self, request, context):  # noqa: N802 (gRPC's name)
        results: list = [None] * len(request.events)
        ready: list[tuple[int, _Event, Context]] = []
        for index, item in enumerate(request.events):
            try:
                event = self._checked(item.event, f"events[{index}].event")
            except ServiceError as error:
                results[index] = _result(error=error)
                continue
            ready.append((index, event, stored_trace(item.traceparent)))
        if not ready:
            return envelope_pb2.DeliverEventsResponse(results=results)
        try:
            async with self._transaction(batch=True) as conn:
                applied = await self._apply_all(conn, [(event, trace) for _, event, trace in ready])
            for (index, _, _), first_time in zip(ready, applied, strict=True):
                results[index] = _result(applied=first_time)
        except Exception as error:
            if database_unavailable(error):
                raise  # UNAVAILABLE for the whole batch: the producer retries it all
            for index, event, trace_context in ready:
                results[index] = await self._apply_alone(event, trace_context)
        return envelope_pb2.DeliverEventsResponse(results=results)

    def _checked(self, envelope, field: str = "event") -> _Event:
        try:
            event_id = uuid.UUID(envelope.event_id)
        except ValueError:
            raise InvalidArgument.on(f"{field}.event_id", "must be a UUID") from None
        type_name = envelope.payload.TypeName()
        if type_name not in self._handlers:
            # Not acknowledged: the producer retries until this consumer knows the type.
            raise Unimplemented(f"no handler for {type_name}")
        caller = calling_service()
        if caller and PUBLISHERS[type_name] != caller:
            # Our services take each other's identity, but an event only from its publisher:
            # resolution's key must not be a way to send a one-time code by SMS.
            raise PermissionDenied(f"{type_name} comes from {PUBLISHERS[type_name]} alone")
        message_class, handle = self._handlers[type_name]
        payload = message_class()
        envelope.payload.Unpack(payload)
        return _Event(event_id, type_name, payload, envelope, handle)

    async def _apply_all(
        self, conn: AsyncConnection, events: list[tuple[_Event, Context | None]]
    ) -> list[bool]:
        """Records the events in `conn`'s transaction (one statement), then applies each
        recorded for the first time, in order, in the trace of its context (None: the current
        one); for each, whether it was applied (False: received before)."""
        # In the ids' order: two transactions recording the same events wait, never deadlock.
        unique = {e.event_id: e for e, _ in sorted(events, key=lambda item: item[0].event_id)}
        recorded = set(
            await conn.scalars(
                _FIRST_RECEIPTS,
                {
                    "event_id": list(unique),
                    "type": [e.type_name for e in unique.values()],
                    "producer": [e.envelope.producer for e in unique.values()],
                },
            )
        )
        applied = []
        for event, trace_context in events:
            first_time = event.event_id in recorded
            recorded.discard(event.event_id)  # the same event twice in a batch: applied once
            if first_time:
                await self._apply(conn, event, trace_context)
            applied.append(first_time)
        return applied

    async def _apply(
        self, conn: AsyncConnection, event: _Event, trace_context: Context | None
    ) -> None:
        """Applies the recorded event in `conn`'s transaction, in the trace of
        `trace_context` (None: the current one)."""
        with tracer.start_as_current_span(
            f"{event.type_name} process",
            context=trace_context,
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": "phananh.outbox",
                "messaging.message.id": str(event.event_id),
            },
        ):
            try:
                await event.handle(conn, event.payload, event.envelope)
            except ValueError:
                # An id that is not a UUID, a timestamp out of range: the event is refused
                # (and stays in the producer's outbox) rather than an internal failure.
                raise InvalidArgument.of(
                    [FieldViolation("event.payload", "holds a value out of its shape")]
                ) from None

    async def _apply_alone(self, event: _Event, trace_context: Context):
        """The event in a transaction of its own, its failure as its result."""
        try:
            async with self._transaction(batch=False) as conn:
                [applied] = await self._apply_all(conn, [(event, trace_context)])
            return _result(applied=applied)
        except ServiceError as error:
            return _result(error=error)
        except Exception as error:
            if database_unavailable(error):
                raise
            log.exception("event %s failed in its handler", event.type_name)
            return _result(error=ServiceError("internal error"))
