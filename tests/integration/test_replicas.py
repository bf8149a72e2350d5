"""Producers and consumers run as several replicas: every event still takes effect once."""

import asyncio

from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh_common.config import SERVICES
from tests.factories import Complaints
from tests.harness import (
    InProcessSystem,
    eventually,
    execute,
    free_port,
    scalar,
    service_channel,
)


async def test_two_producer_replicas_and_two_consumer_replicas(database_urls):
    # Reporting runs twice behind one round-robin target, as behind a headless Service.
    reporting_ports = [free_port(), free_port()]
    system = InProcessSystem(
        database_urls,
        reporting_target="ipv4:" + ",".join(f"127.0.0.1:{p}" for p in reporting_ports),
    )
    await system.start(*(s for s in SERVICES if s != "reporting"))
    extra = [
        await system.start_replica("intake", free_port()),
        *[await system.start_replica("reporting", p) for p in reporting_ports],
    ]
    try:
        intake_ports = [system.ports["intake"], extra[0].port]
        complaints = Complaints(3)
        channels = [
            service_channel(f"127.0.0.1:{p}", "intake", system.service_key) for p in intake_ports
        ]
        stubs = [intake_pb2_grpc.IntakeServiceStub(c) for c in channels]
        requests = [
            intake_pb2.SubmitComplaintRequest(complaint=complaints.message()) for _ in range(60)
        ]
        await asyncio.gather(*(stubs[i % 2].SubmitComplaint(r) for i, r in enumerate(requests)))
        for channel in channels:
            await channel.close()

        urls = system.database_urls
        assigned = (
            "SELECT count(*) FROM complaint_facts"
            " WHERE status = 'ASSIGNED' AND submitted_at IS NOT NULL"
        )

        async def everything_applied():
            return await scalar(urls["reporting"], assigned) == 60

        await eventually(everything_applied, timeout=30)
        # The complaints' and cases' events (the SMS' statuses come as they are sent).
        of_cases = "SELECT count(*) FROM inbox_events WHERE producer <> 'notification'"
        assert await scalar(urls["reporting"], of_cases) == 120
        assert await scalar(urls["resolution"], "SELECT count(*) FROM cases") == 60
        assert await scalar(urls["notification"], "SELECT count(*) FROM messages") == 60
        for producer in ("intake", "resolution"):
            undelivered = "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL"
            assert await scalar(urls[producer], undelivered) == 0
    finally:
        for running in extra:
            await running.stop()
        await system.stop()


async def test_a_consumer_that_was_down_gets_every_event_after_retries(system, intake):
    await system.stop("notification")
    complaints = Complaints(4)
    for _ in range(5):
        await intake.SubmitComplaint(
            intake_pb2.SubmitComplaintRequest(complaint=complaints.message())
        )
    urls = system.database_urls
    failed = (
        "SELECT count(*) FROM outbox_deliveries WHERE consumer = 'notification'"
        " AND attempts > 0 AND last_error LIKE 'UNAVAILABLE%'"
    )

    async def retries_recorded():
        return await scalar(urls["intake"], failed) == 5

    await eventually(retries_recorded)
    await system.start("notification")

    async def delivered():
        return await scalar(urls["notification"], "SELECT count(*) FROM messages") == 5

    await eventually(delivered, timeout=30)


async def test_a_consumer_that_answers_again_gets_its_backed_off_events_at_once(system, intake):
    complaints = Complaints(5)
    await system.stop("notification")
    for _ in range(3):
        await intake.SubmitComplaint(
            intake_pb2.SubmitComplaintRequest(complaint=complaints.message())
        )
    urls = system.database_urls
    # As after a long outage: many attempts, the next one an hour away.
    await execute(
        urls["intake"],
        "UPDATE outbox_deliveries SET attempts = 12, next_attempt_at = now() + interval '1 hour'"
        " WHERE consumer = 'notification'",
    )
    await system.start("notification")
    await intake.SubmitComplaint(intake_pb2.SubmitComplaintRequest(complaint=complaints.message()))

    async def all_four_delivered():
        return await scalar(urls["notification"], "SELECT count(*) FROM messages") == 4

    await eventually(all_four_delivered, timeout=10)
