"""A rebuild of reporting's projection from the producers' outboxes gives the same numbers."""

from phananh.reporting.v1 import reporting_pb2 as pb
from phananh_common.channels import Channels
from phananh_common.config import Topology
from phananh_common.database import create_engine
from phananh_common.outbox import publish
from phananh_common.relay import OutboxRelay
from phananh_common.service_tokens import ServiceTokenSigner
from reporting.service.rebuild import rebuild
from tests.harness import execute, scalar
from tests.integration.report_script import (
    script,
)


async def test_a_rebuild_from_the_producers_outboxes_gives_the_same_numbers(
    reporting, database_urls
):
    # The producers' relays reach this test's reporting server, each as itself.
    topology = Topology(reporting_target=f"127.0.0.1:{reporting.port}")
    key = reporting.system.service_key
    channels = {p: Channels(topology, ServiceTokenSigner(key, p)) for p in ("intake", "resolution")}
    producers = {p: create_engine(database_urls[p], 2) for p in ("intake", "resolution")}
    try:
        for producer, event in script():
            async with producers[producer].begin() as conn:
                await publish(conn, producer, [event])
        for producer in producers:
            await execute(
                database_urls[producer],
                "UPDATE outbox_deliveries SET delivered_at = now() WHERE consumer <> 'reporting'",
            )
        relays = {p: OutboxRelay(e, database_urls[p], channels[p]) for p, e in producers.items()}
        for producer in ("intake", "resolution"):
            while await relays[producer].relay_once():
                pass
        before = await everything(reporting.api)
        assert before[0].figures.received == 9
        draft = await weekly_figures(reporting.api)

        requeued = await rebuild(
            database_urls["reporting"],
            {p: database_urls[p] for p in ("intake", "resolution", "notification")},
        )
        assert requeued == {"intake": 9, "resolution": 13, "notification": 0}  # no SMS sent
        assert await scalar(database_urls["reporting"], "SELECT count(*) FROM complaint_facts") == 0
        assert (await everything(reporting.api))[0].figures.received == 0
        assert (await weekly_figures(reporting.api))[0].received == 0  # not the stored draft
        # This time the cases come before the complaints.
        for producer in ("resolution", "intake"):
            while await relays[producer].relay_once():
                pass
        assert await everything(reporting.api) == before
        assert await weekly_figures(reporting.api) == draft
    finally:
        for producer_channels in channels.values():
            await producer_channels.close()
        for engine in producers.values():
            await engine.dispose()


async def weekly_figures(api) -> tuple:
    request = pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40")
    report = (await api.GetWeeklyReport(request)).report
    return report.totals, list(report.rows)


async def everything(api) -> list:
    """The summaries a rebuild must reproduce: province and district, all time, W40, and
    days around it (from the daily counters, not the weekly ones)."""
    w40 = {
        "from_date": {"year": 2021, "month": 10, "day": 1},
        "to_date": {"year": 2021, "month": 10, "day": 7},
    }
    days = {
        "from_date": {"year": 2021, "month": 9, "day": 29},
        "to_date": {"year": 2021, "month": 10, "day": 5},
    }
    return [
        await api.GetSummary(pb.GetSummaryRequest(unit_code=unit, **period))
        for unit in ("75", "731", "25993")
        for period in ({}, w40, days)
    ]
