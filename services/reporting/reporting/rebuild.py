"""`python -m reporting.rebuild`: rebuilds reporting's projection from the producers' events.

Empties the projection (facts, counters) and reporting's inbox in one transaction, then asks
each producer's outbox to deliver every stored event of the types reporting consumes again;
the producers' relays do the rest, in any order, as with new events. The weekly reports that
districts generated or submitted are kept. Safe while everything runs: an event applied
between the two steps is acknowledged as already applied when it comes again.

URLs from PHANANH_REPORTING_DATABASE_URL and PHANANH_<PRODUCER>_DATABASE_URL (intake,
resolution, notification: those given and holding an outbox)."""

import asyncio
import os
import sys

from sqlalchemy import text

from phananh_common.config import SERVICES
from phananh_common.database import create_engine
from phananh_common.outbox import redeliver_all
from reporting.store import ReportingStore

CONSUMER = "reporting"


async def rebuild(reporting_url: str, producer_urls: dict[str, str]) -> dict[str, int]:
    """Returns how many events each producer will deliver again."""
    engine = create_engine(reporting_url, 1)
    try:
        await ReportingStore(engine).clear_projection()
    finally:
        await engine.dispose()
    requeued = {}
    for producer, url in producer_urls.items():
        engine = create_engine(url, 1)
        try:
            async with engine.begin() as conn:
                if await conn.scalar(text("SELECT to_regclass('outbox_events')")) is None:
                    continue
                requeued[producer] = await redeliver_all(conn, CONSUMER)
        finally:
            await engine.dispose()
    return requeued


def main() -> None:
    reporting_url = os.environ.get("PHANANH_REPORTING_DATABASE_URL")
    if not reporting_url:
        sys.exit("PHANANH_REPORTING_DATABASE_URL is not set")
    producers = {
        s: url
        for s in SERVICES
        if s != CONSUMER and (url := os.environ.get(f"PHANANH_{s.upper()}_DATABASE_URL"))
    }
    if not producers:
        sys.exit("no producer database given (PHANANH_INTAKE_DATABASE_URL, …)")
    for producer, count in asyncio.run(rebuild(reporting_url, producers)).items():
        print(f"{producer}: {count} events to deliver to reporting again")


if __name__ == "__main__":
    main()
