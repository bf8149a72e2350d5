"""Rebuilding reporting's projection from the producers' events (`python -m reporting.rebuild`
runs it): the projection (facts, counters) and reporting's inbox emptied in one transaction,
then each producer's outbox asked to deliver every stored event of the types reporting
consumes again; the producers' relays do the rest, in any order, as with new events. The
weekly reports that districts generated or submitted are kept. Safe while everything runs: an
event applied between the two steps is acknowledged as already applied when it comes again."""

from phananh_common.database import create_engine
from phananh_common.outbox import redeliver_all
from reporting.store.rebuild import clear_projection, holds_outbox

CONSUMER = "reporting"


async def rebuild(reporting_url: str, producer_urls: dict[str, str]) -> dict[str, int]:
    """Returns how many events each producer (those whose database holds an outbox) will
    deliver again."""
    engine = create_engine(reporting_url, 1)
    try:
        async with engine.begin() as conn:
            await clear_projection(conn)
    finally:
        await engine.dispose()
    requeued = {}
    for producer, url in producer_urls.items():
        engine = create_engine(url, 1)
        try:
            async with engine.begin() as conn:
                if await holds_outbox(conn):
                    requeued[producer] = await redeliver_all(conn, CONSUMER)
        finally:
            await engine.dispose()
    return requeued
