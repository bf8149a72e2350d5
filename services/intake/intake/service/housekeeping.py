"""Intake's periodic housekeeping, for the life of the process: idempotency keys forgotten once
they expire, one-time codes that could not be delivered before they expired deleted from
the outbox (delivered ones are deleted by the relay at once), and the requests counted per
client address forgotten once they are out of the limits' window. Each in a transaction of
its own."""

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import otp, rate_limits
from intake.store import client_requests, one_time_codes, submissions
from phananh.events.v1.intake_events_pb2 import OneTimeCodeRequested
from phananh_common.local_time import Clock

log = logging.getLogger(__name__)

# Expired keys already give no answer back (the lookups skip them), so this only bounds the
# table; a code waiting for notification is readable until its row goes, so this bounds that.
EVERY = timedelta(minutes=1)


class Housekeeping:
    def __init__(self, engine: AsyncEngine):
        self._engine = engine

    async def forget_submissions(self, expired_before: datetime) -> int:
        """Deletes the idempotency keys stored before `expired_before`; how many there were."""
        async with self._engine.begin() as conn:
            return await submissions.forget_keys(conn, expired_before)

    async def forget_undelivered_codes(self, expired_before: datetime) -> int:
        """Deletes the outbox's one-time codes still waiting for notification that were made
        before `expired_before`: past their validity they are of no use to anyone. How many
        there were."""
        async with self._engine.begin() as conn:
            return await one_time_codes.forget_undelivered(
                conn, OneTimeCodeRequested.DESCRIPTOR.full_name, expired_before
            )

    async def forget_client_requests(self, before: datetime) -> int:
        """Deletes the counted requests made before `before`; how many there were."""
        async with self._engine.begin() as conn:
            return await client_requests.forget_before(conn, before)

    async def keep_house(self, clock: Clock, keep_keys: timedelta) -> None:
        """At start, then every minute."""
        while True:
            now = clock()
            try:
                keys = await self.forget_submissions(now - keep_keys)
                codes = await self.forget_undelivered_codes(now - otp.VALID_FOR)
                await self.forget_client_requests(now - rate_limits.ADDRESS_WINDOW)
                if keys or codes:
                    log.info("forgot %d expired idempotency keys, %d expired codes", keys, codes)
            except Exception:
                log.exception("intake's housekeeping failed")
            await asyncio.sleep(EVERY.total_seconds())
