"""The officers' daily digest: at PHANANH_DIGEST_AT (local time) each unit whose officers
gave a phone hears how many cases inside it are overdue or due within 24 hours, and how many
re-checks of the facilities inside it wait past PHANANH_RECHECK_HOURS, as an `OverdueDigest`
event that notification turns into one SMS per officer.

Every replica runs the schedule; the digest of a unit and day is recorded in the transaction
that publishes it, so it leaves once whichever replica gets there first. A process that
starts after the hour sends the day's digests at once."""

import asyncio
import itertools
import logging
from datetime import time, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh_common import outbox
from phananh_common.local_time import LOCAL_ZONE, Clock
from phananh_common.units import units
from resolution.accounts import directory
from resolution.cases.domain import deadlines
from resolution.cases.service.events import overdue_digest
from resolution.cases.store import digests as store

log = logging.getLogger(__name__)

# The schedule looks at the clock at least this often (a changed system time, a long sleep).
RECHECK_SECONDS = 300


class OverdueDigests:
    def __init__(self, engine: AsyncEngine, at: time, clock: Clock, recheck_hours: float):
        self._engine = engine
        self._at = at
        self._clock = clock
        self._recheck_hours = recheck_hours

    async def publish_due(self) -> int:
        """Publishes today's digests not yet published, once the hour has come; how many."""
        now = self._clock()
        local = now.astimezone(LOCAL_ZONE)
        if local.time() < self._at:
            return 0
        published = 0
        async with self._engine.begin() as conn:
            recipients = await directory.digest_recipients(conn)
            by_unit = deadlines.added(
                await store.deadline_counts(conn, now),
                await store.overdue_recheck_counts(
                    conn, now - timedelta(hours=self._recheck_hours)
                ),
            )
            for unit_code, officers in itertools.groupby(recipients, lambda r: r.unit_code):
                counts = deadlines.counts_inside(unit_code, by_unit, units())
                if not await store.claim_digest(conn, unit_code, local.date(), counts, now):
                    continue
                if counts:
                    event = overdue_digest(unit_code, local.date(), counts, list(officers), now)
                    await outbox.publish(conn, "resolution", [event])
                    published += 1
        return published

    async def run_daily(self) -> None:
        """Runs for the life of the process."""
        while True:
            try:
                if published := await self.publish_due():
                    log.info("overdue digests published: %d", published)
            except Exception:
                log.exception("overdue digests failed")
            now = self._clock()
            wait = (deadlines.next_digest_at(now, self._at) - now).total_seconds()
            await asyncio.sleep(min(max(wait, 1), RECHECK_SECONDS))
