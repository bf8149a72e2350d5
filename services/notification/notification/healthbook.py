"""Pushes the queued Immunization resources to the electronic health book (PHANANH_FHIR_BASE_URL):
a conditional create, `POST /Immunization` with `If-None-Exist: identifier=<system>|<dose id>`,
so a retried push, or one repeated after a crash, creates nothing twice. 200 and 201 are
success (201 created, 200 already there); 408, 429, 5xx and network failures are retried with
backoff; any other answer is final (a dead sync, listed for the operator)."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notification import metrics
from notification.domain import Attempt
from notification.http import FAILURES, HttpClient
from notification.store.healthbook import HEALTHBOOK_CHANNEL, claim_syncs
from notification.store.tables import healthbook_syncs
from notification.workers import QueueWorker

RETRYABLE_STATUSES = {408, 429}
BATCH_SIZE = 20


class HealthBookPusher(QueueWorker):
    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        base_url: str,
        *,
        dose_system: str,
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
        self._immunizations = base_url.rstrip("/") + "/Immunization"
        self._http = HttpClient(timeout_seconds, BATCH_SIZE)
        self._dose_system = dose_system
        self._clock = clock

    async def stop(self) -> None:
        await super().stop()
        await self._http.close()

    async def claim(self, conn: AsyncConnection, limit: int) -> list:
        return await claim_syncs(conn, limit)

    async def attempt(self, row) -> tuple[Attempt, dict]:
        headers = {
            "Content-Type": "application/fhir+json",
            "Accept": "application/fhir+json",
            "If-None-Exist": f"identifier={self._dose_system}|{row.dose_id}",
        }
        try:
            async with self._http.session.post(
                self._immunizations, json=row.resource, headers=headers
            ) as reply:
                status = reply.status
                location = reply.headers.get("Location") or reply.headers.get("Content-Location")
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
        return Attempt.refused(error), {}

    def count(self, row, outcome: str) -> None:
        metrics.HEALTH_BOOK_SYNCS.labels(outcome).inc()
