"""The workers of notification's queues, run beside the gRPC server in every replica.

Each claims due items with `FOR UPDATE SKIP LOCKED`, attempts them, and records the outcome in
the claiming transaction: an item is marked sent in the transaction that claimed it, so a
worker that dies mid-batch leaves its items queued (its locks go with its connection) and
another takes them over. The window for a duplicate is that of a crash between the
provider's acceptance and the commit: one batch, which the SMS rate keeps to about a second
of sends (see the README).
"""

import asyncio
import math
import time
from collections.abc import Callable
from datetime import datetime

from opentelemetry import trace
from opentelemetry.trace import SpanKind
from sqlalchemy import Column
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notification import metrics
from notification.domain import Attempt, Encoding, QuietHours, Status
from notification.providers import OutgoingSms, SmsProvider
from notification.service import DeliveryReports, publish_status
from notification.store import queue
from notification.store.messages import SMS_CHANNEL, claim_messages, mark_expired
from notification.store.tables import messages
from phananh_common.queues import ClaimLoop
from phananh_common.telemetry import stored_trace

tracer = trace.get_tracer(__name__)


class QueueWorker:
    """Claim, attempt each item, record: the loop every queue of this service shares, and the
    queues' transaction template. A batch is one transaction, which `work_once` owns (as a
    use case of notification.service owns its own): the hooks claim, skip and record in it."""

    def __init__(
        self,
        name: str,
        engine: AsyncEngine,
        database_url: str,
        notify_channel: str,
        *,
        key_column: Column,
        batch_size: int,
        max_attempts: int,
        poll_seconds: float,
    ):
        self._engine = engine
        self._key_column = key_column
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._loop = ClaimLoop(
            name,
            self.work_once,
            database_url,
            notify_channel,
            batch_size=batch_size,
            poll_seconds=poll_seconds,
        )

    async def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()

    async def work_once(self) -> int:
        """Claims, attempts and records one batch; returns how many items it claimed."""
        outcomes = []
        async with self._engine.begin() as conn:
            rows = await self.claim(conn, self._batch_size)
            results = await asyncio.gather(*(self.attempt(row) for row in rows))
            sent = []
            for row, (attempt, sent_values) in zip(rows, results, strict=True):
                key = getattr(row, self._key_column.name)
                if attempt is None:
                    await self.skip(conn, row)
                    outcomes.append((row, metrics.EXPIRED))
                elif attempt.accepted:
                    sent.append((row, key, sent_values))
                    outcomes.append((row, metrics.SENT))
                elif await queue.record_failure(
                    conn, self._key_column, key, attempt, row.attempts, self._max_attempts
                ):
                    await self.recorded(conn, row, Status.DEAD)
                    outcomes.append((row, metrics.DEAD))
                else:
                    outcomes.append((row, metrics.RETRY))
            await queue.record_sent(
                conn, self._key_column, [(key, row.attempts, values) for row, key, values in sent]
            )
            for row, _, _ in sent:
                await self.recorded(conn, row, Status.SENT)
            if sent:
                await queue.make_backed_off_due(conn, self._key_column)
        # Counted once committed: a batch rolled back is claimed and attempted again.
        for row, outcome in outcomes:
            self.count(row, outcome)
        return len(rows)

    async def claim(self, conn: AsyncConnection, limit: int) -> list:
        raise NotImplementedError

    async def attempt(self, row) -> tuple[Attempt | None, dict]:
        """The attempt's outcome and the values to store if accepted; None: not attempted."""
        raise NotImplementedError

    async def skip(self, conn: AsyncConnection, row) -> None:
        raise NotImplementedError

    async def recorded(self, conn: AsyncConnection, row, status: Status) -> None:
        """After an item was sent or given up, in the same transaction."""

    def count(self, row, outcome: str) -> None:
        """An item's outcome (notification.metrics), after its batch committed."""
        raise NotImplementedError


class Pacer:
    """Spaces this process's SMS at least 1/rate apart (no bursts): the provider's limit. A
    long message's parts each count (the SMSC takes each as one submit_sm)."""

    def __init__(self, per_second: float):
        self._interval = 1.0 / per_second
        self._next = 0.0

    async def wait(self, segments: int = 1) -> None:
        now = time.monotonic()
        slot = max(now, self._next)
        self._next = slot + self._interval * segments
        if slot > now:
            await asyncio.sleep(slot - now)


def sms_batch_size(rate_per_second: float) -> int:
    """About a second of sends per batch: the locks (and the duplicate window) stay short."""
    return max(1, min(100, math.ceil(rate_per_second)))


class SmsDispatcher(QueueWorker):
    """Sends the queued SMS through the provider: at most PHANANH_SMS_RATE_PER_SECOND, one-time
    codes only during the quiet hours, no one-time code after its validity."""

    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        provider: SmsProvider,
        reports: DeliveryReports,
        *,
        rate_per_second: float,
        max_attempts: int,
        quiet_hours: QuietHours | None,
        poll_seconds: float,
        clock: Callable[[], datetime],
    ):
        batch_size = sms_batch_size(rate_per_second)
        super().__init__(
            "sms dispatcher",
            engine,
            database_url,
            SMS_CHANNEL,
            key_column=messages.c.message_id,
            batch_size=batch_size,
            max_attempts=max_attempts,
            poll_seconds=poll_seconds,
        )
        self._provider = provider
        self._reports = reports
        self._pacer = Pacer(rate_per_second)
        self._quiet_hours = quiet_hours
        self._clock = clock

    async def start(self) -> None:
        await self._provider.start()
        await super().start()

    async def stop(self) -> None:
        await super().stop()
        await self._provider.close()

    async def work_once(self) -> int:
        # The reports that came in since the last batch (and those of its messages, which
        # waited for it to commit), then the next batch.
        await self._reports.apply()
        return await super().work_once()

    async def claim(self, conn: AsyncConnection, limit: int) -> list:
        now = self._clock()
        quiet = self._quiet_hours is not None and self._quiet_hours.covers(now)
        return await claim_messages(conn, limit, quiet)

    async def attempt(self, row) -> tuple[Attempt | None, dict]:
        if row.not_after is not None and self._clock() >= row.not_after:
            return None, {}
        await self._pacer.wait(row.segments)
        sms = OutgoingSms(
            row.message_id, row.event_id, row.recipient, row.text, Encoding(row.encoding)
        )
        with tracer.start_as_current_span(
            f"sms send {self._provider.name}",
            context=stored_trace(row.traceparent),
            kind=SpanKind.CLIENT,
            attributes={"messaging.message.id": str(row.message_id), "sms.kind": row.kind},
        ) as span:
            attempt = await self._provider.send(sms)
            span.set_attribute("sms.accepted", attempt.accepted)
        sent = {
            "sent_at": self._clock(),
            "provider_message_id": attempt.provider_message_id or None,
        }
        return attempt, sent

    async def skip(self, conn: AsyncConnection, row) -> None:
        await mark_expired(conn, row.message_id)
        await self.recorded(conn, row, Status.EXPIRED)

    async def recorded(self, conn: AsyncConnection, row, status: Status) -> None:
        await publish_status(conn, row.message_id, row.complaint_id, row.kind, status)

    def count(self, row, outcome: str) -> None:
        metrics.SMS_MESSAGES.labels(row.kind, outcome).inc()
