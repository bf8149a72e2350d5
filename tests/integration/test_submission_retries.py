"""A submission retried after a timeout makes one complaint, and its idempotency key expires
after a day and is purged, at IntakeService's gRPC level."""

from functools import partial

import grpc
import pytest

from intake.server import build as build_intake
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh_common.server import RunningService
from tests.factories import Complaints
from tests.harness import InProcessSystem, eventually, scalar
from tests.integration.cases import Clock
from tests.integration.citizen import refused_field


async def test_a_submission_retried_after_a_timeout_makes_one_complaint(system, intake):
    request = intake_pb2.SubmitComplaintRequest(
        complaint=Complaints(60).message(), idempotency_key="retry-after-timeout-1"
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await intake.SubmitComplaint(request, timeout=0.001)
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    first = await intake.SubmitComplaint(request)
    retried = await intake.SubmitComplaint(request)
    assert first == retried
    assert not first.deduplicated
    url = system.database_urls["intake"]
    assert await scalar(url, "SELECT count(*) FROM complaints") == 1
    assert await scalar(url, "SELECT count(*) FROM outbox_events") == 1


async def test_an_idempotency_key_expires_after_a_day_and_is_purged(database_urls):
    system = InProcessSystem(database_urls, idempotency_key_hours=24)
    url = database_urls["intake"]
    clock = Clock()

    async def started() -> RunningService:
        running = RunningService(system.settings("intake"), partial(build_intake, clock=clock))
        await running.start()
        return running

    complaints = Complaints(61)
    first_request, other_request = (
        intake_pb2.SubmitComplaintRequest(complaint=c, idempotency_key="expiring-key-0001")
        for c in (complaints.message(), complaints.message())
    )
    running = await started()
    try:
        async with system.channel("intake") as channel:
            intake = intake_pb2_grpc.IntakeServiceStub(channel)
            first = await intake.SubmitComplaint(first_request)
            clock.advance(hours=23, minutes=59)
            assert await intake.SubmitComplaint(first_request) == first
            taken = await refused_field(intake.SubmitComplaint(other_request))
            assert taken[0] == grpc.StatusCode.ALREADY_EXISTS
            # A day on, the key is free again, even before the purge has run.
            clock.advance(minutes=1)
            reused = await intake.SubmitComplaint(other_request)
            assert reused.tracking_code != first.tracking_code
            assert await scalar(url, "SELECT count(*) FROM complaints") == 2
            assert await scalar(url, "SELECT count(*) FROM submissions") == 1
    finally:
        await running.stop()

    # The purge runs at start, then every minute: a day after its last use, the key is gone.
    clock.advance(hours=24)
    running = await started()
    try:

        async def purged():
            return await scalar(url, "SELECT count(*) FROM submissions") == 0

        await eventually(purged)
    finally:
        await running.stop()
    assert await scalar(url, "SELECT count(*) FROM complaints") == 2
