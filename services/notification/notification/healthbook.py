"""Pushes the queued registry changes to the electronic health book (PHANANH_FHIR_BASE_URL):
each one transaction Bundle (`POST <base>`) of conditional updates (see notification.fhir),
so a retried push, or one repeated after a crash, writes nothing twice. A citizen's changes
go in order (store.healthbook.claim_syncs). 200 and 201 are success; 408, 429, 5xx and
network failures are retried with backoff; any other answer is final (a dead sync, listed for
the operator with the health book's OperationOutcome)."""

import json
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notification import metrics
from notification.domain import Attempt, Status
from notification.http import FAILURES, HttpClient
from notification.store.healthbook import HEALTHBOOK_CHANNEL, claim_syncs, keep_outcome
from notification.store.tables import healthbook_syncs
from notification.workers import QueueWorker

RETRYABLE_STATUSES = {408, 429}
BATCH_SIZE = 20
# The most of a refusal's answer kept for the operator.
MAX_OUTCOME_BYTES = 64 * 1024


class HealthBookPusher(QueueWorker):
    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        base_url: str,
        *,
        max_attempts: int,
        poll_seconds: float,
        timeout_seconds: float,
        clock: Callable[[], datetime],
    ):
        super().__init__(
            "health book pusher",
            engine,
            database_url,
            HEALTHBOOK_CHANNEL,
            key_column=healthbook_syncs.c.sync_id,
            batch_size=BATCH_SIZE,
            max_attempts=max_attempts,
            poll_seconds=poll_seconds,
        )
        self._base_url = base_url.rstrip("/")
        self._http = HttpClient(timeout_seconds, BATCH_SIZE)
        self._clock = clock
        # The OperationOutcome of each refusal of the batch under way, kept once it is dead.
        self._outcomes: dict[uuid.UUID, dict] = {}

    async def stop(self) -> None:
        await super().stop()
        await self._http.close()

    async def claim(self, conn: AsyncConnection, limit: int) -> list:
        self._outcomes.clear()
        return await claim_syncs(conn, limit)

    async def attempt(self, row) -> tuple[Attempt, dict]:
        headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
        try:
            async with self._http.session.post(
                self._base_url, json=row.resource, headers=headers
            ) as reply:
                status = reply.status
                location = reply.headers.get("Location") or reply.headers.get("Content-Location")
                body = await reply.content.read(MAX_OUTCOME_BYTES) if status >= 400 else b""
        except FAILURES as error:
            return Attempt.unanswered(f"health book unreachable: {type(error).__name__}"), {}
        if status in (200, 201):
            return Attempt.ok(), {
                "sent_at": self._clock(),
                "http_status": status,
                "location": location,
            }
        error = f"health book answered {status}"
        if status >= 500 or status in RETRYABLE_STATUSES:
            return Attempt.retry(error), {}
        outcome = operation_outcome(body)
        if outcome:
            self._outcomes[row.sync_id] = outcome
        return Attempt.refused(error), {}

    async def recorded(self, conn: AsyncConnection, row, status: Status) -> None:
        outcome = self._outcomes.get(row.sync_id)
        if status == Status.DEAD and outcome:
            await keep_outcome(conn, row.sync_id, outcome)

    def count(self, row, outcome: str) -> None:
        metrics.HEALTH_BOOK_SYNCS.labels(outcome).inc()


def operation_outcome(body: bytes) -> dict | None:
    """The answer when it is a FHIR OperationOutcome; None for anything else."""
    try:
        found = json.loads(body)
    except ValueError:
        return None
    if isinstance(found, dict) and found.get("resourceType") == "OperationOutcome":
        return found
    return None
