"""The mechanics every queue table shares: the outbox relay and a service's own queues
(notification's SMS and health-book syncs) claim due rows with `FOR UPDATE SKIP LOCKED` in a
`ClaimLoop`, and schedule a failed row's next attempt with `retry_delay`."""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable

import asyncpg

from phananh_common.database import asyncpg_dsn

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 300.0


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: about base·2^attempts, capped, scaled by 0.5–1."""
    exponent = min(attempts, 30)  # past the cap anyway; keeps the float finite
    return min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**exponent) * random.uniform(0.5, 1.0)


class ClaimLoop:
    """The loop of a worker that claims due rows from a queue table with `FOR UPDATE SKIP
    LOCKED` and handles them: the outbox relay, and a service's own queues (notification's
    SMS). `claim_once` claims and handles one batch and returns how many rows it claimed. A
    full batch is followed at once by the next; otherwise the loop waits for a NOTIFY on
    `notify_channel` (a wake-up only) or the poll (the guarantee)."""

    def __init__(
        self,
        name: str,
        claim_once: Callable[[], Awaitable[int]],
        database_url: str,
        notify_channel: str,
        *,
        batch_size: int,
        poll_seconds: float,
    ):
        self._name = name
        self._claim_once = claim_once
        self._dsn = asyncpg_dsn(database_url)
        self._notify_channel = notify_channel
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._tasks: list[asyncio.Task] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._run()), asyncio.create_task(self._listen())]

    async def stop(self) -> None:
        """Finishes the batch in flight, then returns."""
        self._stopping = True
        self._wakeup.set()
        listener = self._tasks[1] if len(self._tasks) > 1 else None
        if listener:
            listener.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                claimed = await self._claim_once()
                failures = 0
            except Exception:
                log.exception("%s batch failed", self._name)
                failures += 1
                await asyncio.sleep(retry_delay(min(failures, 6)))
                continue
            if claimed < self._batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), self._poll_seconds)
                self._wakeup.clear()

    async def _listen(self) -> None:
        """Keeps a LISTEN connection open, reconnecting after failures."""
        while not self._stopping:
            conn = None
            try:
                conn = await asyncpg.connect(self._dsn)
                await conn.add_listener(self._notify_channel, lambda *_: self._wakeup.set())
                while not conn.is_closed() and not self._stopping:
                    await asyncio.sleep(self._poll_seconds)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 (reconnect on any failure)
                log.warning("%s listener reconnecting after %s", self._name, type(error).__name__)
                await asyncio.sleep(self._poll_seconds)
            finally:
                if conn is not None and not conn.is_closed():
                    await asyncio.shield(conn.close(timeout=2))
