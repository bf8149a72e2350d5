"""The reading of evidence, off the request path: a worker in every intake replica claims
files whose text is due to be read (`FOR UPDATE SKIP LOCKED`, phananh_common.queues), has
Tesseract read them (a few at a time, each on one thread at a lower priority), compares what
it read with the complaint's claim, and in the claiming transaction stores the result beside
the file and publishes EvidenceChecked. A failed reading is tried again after a backoff, and
given up (FAILED) after the last attempt. The text itself is never stored nor logged."""

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from intake import certificate_reading
from intake.evidence_files import page_image
from intake.service.events import complaint_from_proto, evidence_checked
from intake.store import evidence_checks
from intake.store.evidence import CHECKS_CHANNEL
from intake.text_reader import ReadFailed, read_text
from phananh.types.v1 import types_pb2
from phananh_common import outbox
from phananh_common.queues import ClaimLoop, retry_delay

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckLimits:
    concurrency: int  # files read at once by one replica (each on one core)
    seconds: float  # one reading's time limit
    attempts: int  # then FAILED


async def _read(row, seconds: float) -> dict:
    """What the file's page says beside the claim; ReadFailed when it cannot be read."""
    image = await asyncio.to_thread(page_image, row.content_type, row.content)
    text = await read_text(image, seconds)
    claim = complaint_from_proto(types_pb2.Complaint.FromString(row.complaint))
    return certificate_reading.compared(certificate_reading.read(text), claim)


class EvidenceChecks:
    """The worker (a service's Background): start, stop."""

    def __init__(self, engine: AsyncEngine, database_url: str, limits: CheckLimits, poll: float):
        self._engine = engine
        self._limits = limits
        self._loop = ClaimLoop(
            "evidence checks",
            self.check_once,
            database_url,
            CHECKS_CHANNEL,
            batch_size=limits.concurrency,
            poll_seconds=poll,
        )

    async def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()

    async def check_once(self) -> int:
        """Claims, reads and records one batch; how many files it claimed."""
        async with self._engine.begin() as conn:
            rows = await evidence_checks.claim_due(conn, self._limits.concurrency)
            results = await asyncio.gather(
                *(_read(row, self._limits.seconds) for row in rows), return_exceptions=True
            )
            for row, result in zip(rows, results, strict=True):
                if isinstance(result, BaseException) and not isinstance(result, Exception):
                    raise result  # cancelled: the batch is left to another attempt
                if isinstance(result, Exception) and not isinstance(result, ReadFailed):
                    # Counted as a failed reading: a file that always breaks is given up.
                    result = ReadFailed(f"the reading broke: {type(result).__name__}")
                await self._record(conn, row, result)
        return len(rows)

    async def _record(self, conn: AsyncConnection, row, result: dict | ReadFailed) -> None:
        attempts = row.check_attempts + 1
        if isinstance(result, ReadFailed):
            # The reason only: the file's id is not personal, its text is.
            log.warning("evidence %s not read (attempt %d): %s", row.evidence_id, attempts, result)
            if attempts < self._limits.attempts:
                await evidence_checks.retry_later(
                    conn, row.evidence_id, attempts, retry_delay(attempts)
                )
                return
            await evidence_checks.record(conn, row.evidence_id, "FAILED", attempts, None)
            await _publish(conn, row, "FAILED", None)
            return
        await evidence_checks.record(conn, row.evidence_id, "DONE", attempts, result)
        await _publish(conn, row, "DONE", result)


async def _publish(conn: AsyncConnection, row, status: str, checks: dict | None) -> None:
    blurry = bool(row.blurry)
    agrees = certificate_reading.agrees_with_claim(checks, blurry) if checks else None
    event = evidence_checked(row.complaint_id, row.evidence_id, status, blurry, checks, agrees)
    await outbox.publish(conn, "intake", [event])
