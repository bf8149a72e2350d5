"""The outbox relay: claims due deliveries with FOR UPDATE SKIP LOCKED (so any number of
replicas share the work without doubling it), delivers them over gRPC with a deadline, one
`DeliverEvents` call per consumer for the rows of a claimed batch, and marks each delivered or
schedules its retry with exponential backoff and jitter, by the consumer's answer for it.

LISTEN/NOTIFY only wakes the relay early; the poll every `poll_seconds` is the guarantee.
The claim holds row locks for the length of one batch's delivery: a relay that dies releases
them with its connection, and another replica takes the rows over.
"""

import asyncio
import logging

import grpc
from google.rpc import code_pb2
from opentelemetry import trace
from opentelemetry.trace import SpanKind, StatusCode
from sqlalchemy import and_, bindparam, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from phananh.events.v1.envelope_pb2 import BatchedEvent, DeliverEventsRequest, EventEnvelope
from phananh.events.v1.envelope_pb2_grpc import EventConsumerServiceStub
from phananh_common.channels import Channels
from phananh_common.outbox import (
    NOTIFY_CHANNEL,
    delete_when_delivered,
    outbox_deliveries,
    outbox_events,
)
from phananh_common.queues import ClaimLoop, retry_delay
from phananh_common.subscriptions import DELETED_ONCE_DELIVERED
from phananh_common.telemetry import stored_trace, traceparent_of

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        channels: Channels,
        *,
        batch_size: int = 100,
        poll_seconds: float = 2.0,
        deadline_seconds: float = 5.0,
    ):
        self._engine = engine
        self._channels = channels
        self._batch_size = batch_size
        self._deadline_seconds = deadline_seconds
        self._loop = ClaimLoop(
            "outbox relay",
            self.relay_once,
            database_url,
            NOTIFY_CHANNEL,
            batch_size=batch_size,
            poll_seconds=poll_seconds,
        )

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        """Finishes the batch in flight, then returns."""
        await self._loop.stop()

    async def relay_once(self) -> int:
        """Claims and delivers one batch; returns how many deliveries it claimed."""
        d, e = outbox_deliveries, outbox_events
        claim = (
            select(
                d.c.event_id, d.c.consumer, d.c.attempts, e.c.type, e.c.envelope, e.c.traceparent
            )
            .join(e, e.c.event_id == d.c.event_id)
            .where(d.c.delivered_at.is_(None), d.c.next_attempt_at <= func.now())
            .order_by(d.c.next_attempt_at)
            .limit(self._batch_size)
            .with_for_update(of=d, skip_locked=True)
        )
        async with self._engine.begin() as conn:
            rows = (await conn.execute(claim)).all()
            if not rows:
                return 0
            errors = await self._deliver_all(rows)
            delivered = [
                {"e": row.event_id, "c": row.consumer}
                for row, error in zip(rows, errors, strict=True)
                if error is None
            ]
            failed = [
                {
                    "e": row.event_id,
                    "c": row.consumer,
                    "delay": retry_delay(row.attempts),
                    "error": error,
                }
                for row, error in zip(rows, errors, strict=True)
                if error is not None
            ]
            key = and_(d.c.event_id == bindparam("e"), d.c.consumer == bindparam("c"))
            if delivered:
                await conn.execute(
                    update(d).where(key).values(delivered_at=func.now(), last_error=None),
                    delivered,
                )
                secrets = {
                    row.event_id
                    for row, error in zip(rows, errors, strict=True)
                    if error is None and row.type in DELETED_ONCE_DELIVERED
                }
                if secrets:
                    await delete_when_delivered(conn, secrets)
                # A consumer that answers again gets its backed-off events now, not after
                # the rest of their backoff. Rows another relay holds are skipped: waiting
                # for them could deadlock two replicas.
                backed_off = (
                    select(d.c.event_id, d.c.consumer)
                    .where(
                        d.c.consumer.in_({row["c"] for row in delivered}),
                        d.c.delivered_at.is_(None),
                        d.c.next_attempt_at > func.now(),
                    )
                    .with_for_update(skip_locked=True)
                )
                await conn.execute(
                    update(d)
                    .where(tuple_(d.c.event_id, d.c.consumer).in_(backed_off))
                    .values(next_attempt_at=func.now())
                )
            if failed:
                await conn.execute(
                    update(d)
                    .where(key)
                    .values(
                        attempts=d.c.attempts + 1,
                        next_attempt_at=func.now()
                        + func.make_interval(0, 0, 0, 0, 0, 0, bindparam("delay")),
                        last_error=bindparam("error"),
                    ),
                    failed,
                )
        return len(rows)

    async def _deliver_all(self, rows) -> list[str | None]:
        """Delivers the claimed rows, one batch per consumer, all consumers at once; returns
        for each row None, or the error to record."""
        by_consumer: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            by_consumer.setdefault(row.consumer, []).append(index)
        batches = list(by_consumer.items())
        outcomes = await asyncio.gather(
            *(self._deliver(consumer, [rows[i] for i in indexes]) for consumer, indexes in batches)
        )
        errors: list[str | None] = [None] * len(rows)
        for (_, indexes), batch_errors in zip(batches, outcomes, strict=True):
            for index, error in zip(indexes, batch_errors, strict=True):
                errors[index] = error
        return errors

    async def _deliver(self, consumer: str, rows) -> list[str | None]:
        """Delivers events to one consumer in one call; returns for each None, or the error
        to record. Each event has its own producer span, in the trace that wrote it, and the
        consumer continues that trace (the call itself belongs to none of them)."""
        spans = [
            tracer.start_span(
                f"{row.type} publish",
                context=stored_trace(row.traceparent),
                kind=SpanKind.PRODUCER,
                attributes={
                    "messaging.system": "phananh.outbox",
                    "messaging.destination.name": consumer,
                    "messaging.message.id": str(row.event_id),
                },
            )
            for row in rows
        ]
        request = DeliverEventsRequest(
            events=[
                BatchedEvent(
                    event=EventEnvelope.FromString(row.envelope), traceparent=traceparent_of(span)
                )
                for row, span in zip(rows, spans, strict=True)
            ]
        )
        stub = EventConsumerServiceStub(self._channels.get(consumer))
        errors: list[str | None] = ["the delivery did not finish"] * len(rows)
        try:
            reply = await stub.DeliverEvents(request, timeout=self._deadline_seconds)
            errors = [_error_of(result) for result in reply.results]
            if len(errors) != len(rows):
                errors = [f"INTERNAL: {len(errors)} results for {len(rows)} events"] * len(rows)
        except grpc.aio.AioRpcError as error:
            errors = [f"{error.code().name}: {error.details()}"[:500]] * len(rows)
        finally:
            for span, error in zip(spans, errors, strict=True):
                if error is not None:
                    span.set_status(StatusCode.ERROR, error)
                span.end()
        return errors


def _error_of(result) -> str | None:
    """None for an event the consumer applied (now or before), else its refusal."""
    if result.status.code == code_pb2.OK:
        return None
    return f"{code_pb2.Code.Name(result.status.code)}: {result.status.message}"[:500]
