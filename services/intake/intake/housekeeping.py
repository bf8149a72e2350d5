"""Intake's periodic housekeeping, for the life of the process: idempotency keys forgotten once
they expire, one-time codes that could not be delivered before they expired deleted from
the outbox (delivered ones are deleted by the relay at once), and the requests counted per
client address forgotten once they are out of the limits' window."""

import asyncio
import logging
from datetime import timedelta

from intake import otp, rate_limits
from intake.store import IntakeStore
from phananh_common.local_time import Clock

log = logging.getLogger(__name__)

# Expired keys already give no answer back (the lookups skip them), so this only bounds the
# table; a code waiting for notification is readable until its row goes, so this bounds that.
EVERY = timedelta(minutes=1)


async def keep_house(store: IntakeStore, clock: Clock, keep_keys: timedelta) -> None:
    """At start, then every minute."""
    while True:
        now = clock()
        try:
            keys = await store.forget_submissions(now - keep_keys)
            codes = await store.forget_undelivered_codes(now - otp.VALID_FOR)
            await store.forget_client_requests(now - rate_limits.ADDRESS_WINDOW)
            if keys or codes:
                log.info("forgot %d expired idempotency keys, %d expired codes", keys, codes)
        except Exception:
            log.exception("intake's housekeeping failed")
        await asyncio.sleep(EVERY.total_seconds())
