"""The gauges read from a service's database when Prometheus scrapes: what they count, and
that a burst of scrapes within the cache reads the database once (the first scrape's values
answer the others)."""

import asyncio
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from phananh.events.v1.intake_events_pb2 import ComplaintSupplemented
from phananh_common.database import create_engine
from phananh_common.metrics import OutboxGauges
from phananh_common.outbox import publish
from resolution.metrics import CaseGauges
from tests.harness import execute
from tests.integration.test_overdue_digest import open_case

NAMES = ("phananh_outbox_pending_events", "phananh_outbox_oldest_pending_age_seconds")
NOTHING_PENDING = {
    (name, consumer): 0.0
    for name in NAMES
    for consumer in ("notification", "reporting", "resolution")
}


async def scrape(collector) -> dict[tuple, float]:
    """The collector's samples, by name and labels, read as the metrics server reads them:
    from a thread of its own, while the service's event loop runs."""
    families = await asyncio.to_thread(lambda: list(collector.collect()))
    return {(s.name, *s.labels.values()): s.value for f in families for s in f.samples}


@asynccontextmanager
async def gauges_of(url: str, gauges_class, **options):
    engine = create_engine(url, pool_size=1)
    gauges = gauges_class(engine, **options)
    gauges.bind(asyncio.get_running_loop())
    try:
        yield gauges
    finally:
        await engine.dispose()


async def test_the_outbox_backlog_per_consumer(database_urls):
    url = database_urls["intake"]
    async with gauges_of(url, OutboxGauges, producer="intake", cache_seconds=0) as gauges:
        assert await scrape(gauges) == NOTHING_PENDING
        await published(url, 2)
        await execute(url, "UPDATE outbox_events SET created_at = now() - interval '7 minutes'")
        pending = await scrape(gauges)
        assert pending[("phananh_outbox_pending_events", "resolution")] == 2
        assert 420 <= pending[("phananh_outbox_oldest_pending_age_seconds", "resolution")] < 480
        assert pending[("phananh_outbox_pending_events", "reporting")] == 0

        await execute(url, "UPDATE outbox_deliveries SET delivered_at = now()")
        assert await scrape(gauges) == NOTHING_PENDING


async def test_a_burst_of_scrapes_reads_the_database_once_per_cache_period(database_urls):
    url = database_urls["intake"]
    async with gauges_of(url, OutboxGauges, producer="intake", cache_seconds=60) as gauges:
        assert await scrape(gauges) == NOTHING_PENDING
        await published(url, 1)
        burst = await asyncio.gather(*(scrape(gauges) for _ in range(20)))
        assert burst == [NOTHING_PENDING] * 20


async def published(url: str, count: int) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await publish(conn, "intake", [ComplaintSupplemented() for _ in range(count)])
    finally:
        await engine.dispose()


async def test_open_and_overdue_cases_by_district(database_urls):
    url = database_urls["resolution"]
    now = datetime.now(UTC)
    await open_case(url, "25993", now - timedelta(hours=1))  # Trảng Dài, in Biên Hòa (731)
    await open_case(url, "25993", now + timedelta(hours=20))
    await open_case(url, "25993", now - timedelta(days=2), status="RESOLVED")
    # Paused before its deadline: it stands still, not overdue.
    await open_case(
        url, "25993", now - timedelta(hours=2), "NEEDS_INFO", paused_at=now - timedelta(days=3)
    )
    await open_case(url, "731", now - timedelta(days=1), status="ASSIGNED")
    await open_case(url, "732", now + timedelta(days=3))  # Long Khánh
    await open_case(url, "75", now - timedelta(days=1))  # the province's own queue
    async with gauges_of(url, CaseGauges) as gauges:
        assert await scrape(gauges) == {
            ("phananh_cases_open", "731"): 4,
            ("phananh_cases_open", "732"): 1,
            ("phananh_cases_open", "75"): 1,
            ("phananh_cases_overdue", "731"): 2,
            ("phananh_cases_overdue", "732"): 0,
            ("phananh_cases_overdue", "75"): 1,
        }


async def test_a_database_out_of_reach_leaves_the_gauges_out_and_the_scrape_answers(
    database_urls, caplog
):
    url = database_urls["intake"].rsplit("/", 1)[0] + "/no_such_database"
    async with gauges_of(url, OutboxGauges, producer="intake", cache_seconds=0) as gauges:
        assert await scrape(gauges) == {}
    assert "OutboxGauges: not read" in caplog.text
