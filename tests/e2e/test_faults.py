"""A service told to stop (SIGTERM) during a call: health turns NOT_SERVING first, the call
still completes. SIGKILL and the other faults under load: test_faults_under_load.py."""

import asyncio
import signal

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common.outbox import envelope_for
from phananh_common.stack import Stack
from tests.e2e.conftest import stack_env
from tests.factories import Complaints
from tests.harness import scalar, stack_channel

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env())
    stack.start(timeout=180)  # the machine may be busy with other work
    yield stack
    stack.stop()


def database_url(stack, service):
    return stack.env[f"PHANANH_{service.upper()}_DATABASE_URL"]


async def test_sigterm_stops_serving_first_and_lets_the_call_in_flight_finish(stack):
    event = envelope_for("intake", ComplaintSubmitted(**_complaint_event()))
    # Hold a lock that reporting's handler needs, so the call stays in flight.
    locker = create_async_engine(database_url(stack, "reporting"))
    async with locker.connect() as lock:
        await lock.execute(text("LOCK TABLE complaint_facts IN ACCESS EXCLUSIVE MODE"))
        async with stack_channel(stack.env, "reporting", "intake") as channel:
            consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
            in_flight = asyncio.ensure_future(
                consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=event), timeout=30)
            )
            watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest())
            assert (await watch.read()).status == SERVING
            await asyncio.sleep(0.3)  # the call is now blocked inside the handler
            assert not in_flight.done()

            stack.processes["reporting"].send_signal(signal.SIGTERM)
            assert (await asyncio.wait_for(watch.read(), 5)).status == NOT_SERVING
            assert not in_flight.done()
            watch.cancel()
            await lock.rollback()  # releases the lock: the handler can finish

            reply = await asyncio.wait_for(in_flight, 10)
            assert not reply.already_applied
    await locker.dispose()
    assert await asyncio.to_thread(stack.processes["reporting"].wait, 15) == 0
    complaint_id = _complaint_event()["complaint_id"]
    found = "SELECT count(*) FROM complaint_facts WHERE complaint_id = :id"
    assert await scalar(database_url(stack, "reporting"), found, id=complaint_id) == 1
    stack.start_process("reporting")


def _complaint_event() -> dict:
    return {
        "complaint_id": "5f1e2d3c-4b5a-4697-8877-665544332211",
        "tracking_code": "ABCDE12345",
        "complaint": Complaints(31).message(),
    }
