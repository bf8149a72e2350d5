"""Processes die: with SIGKILL while events flow (nothing lost, nothing applied twice), and
with SIGTERM during a call (health turns NOT_SERVING first, the call still completes)."""

import asyncio
import signal

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common.config import SERVICES
from phananh_common.outbox import envelope_for
from phananh_common.stack import Stack
from tests.e2e.conftest import stack_env
from tests.factories import Complaints
from tests.harness import eventually, scalar

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env())
    stack.start()
    yield stack
    stack.stop()


def database_url(stack, service):
    return stack.env[f"PHANANH_{service.upper()}_DATABASE_URL"]


async def test_consumers_killed_while_events_flow_lose_nothing_and_double_nothing(stack, http):
    complaints = Complaints(30).take(60)

    async def citizens_keep_submitting():
        for body in complaints:
            reply = await http.post("/api/v1/complaints", json=body)
            assert reply.status_code == 201, reply.text
            await asyncio.sleep(0.05)

    async def kill_and_restart(service, after):
        await asyncio.sleep(after)
        assert stack.stop_process(service, signal.SIGKILL) == -signal.SIGKILL
        await asyncio.sleep(1.0)
        stack.start_process(service)

    # Resolution is a consumer and a producer; reporting only consumes.
    await asyncio.gather(
        citizens_keep_submitting(),
        kill_and_restart("reporting", after=0.8),
        kill_and_restart("resolution", after=1.6),
    )
    effects = {
        "resolution": "SELECT count(*) FROM cases",
        "notification": "SELECT count(*) FROM messages",
        "reporting": "SELECT count(*) FROM complaint_facts"
        " WHERE status = 'ASSIGNED' AND submitted_at IS NOT NULL",
        "intake": "SELECT count(*) FROM complaints WHERE status = 'ASSIGNED'",
    }

    async def all_applied():
        counts = {s: await scalar(database_url(stack, s), sql) for s, sql in effects.items()}
        return counts == dict.fromkeys(SERVICES, 60)

    await eventually(all_applied, timeout=60)
    inbox = "SELECT count(*) FROM inbox_events"
    expected = {"resolution": 60, "notification": 120, "reporting": 120, "intake": 60}
    assert {s: await scalar(database_url(stack, s), inbox) for s in SERVICES} == expected
    for producer in ("intake", "resolution"):
        pending = "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL"
        assert await scalar(database_url(stack, producer), pending) == 0


async def test_sigterm_stops_serving_first_and_lets_the_call_in_flight_finish(stack):
    port = stack.env["PHANANH_REPORTING_PORT"]
    event = envelope_for("intake", ComplaintSubmitted(**_complaint_event()))
    # Hold a lock that reporting's handler needs, so the call stays in flight.
    locker = create_async_engine(database_url(stack, "reporting"))
    async with locker.connect() as lock:
        await lock.execute(text("LOCK TABLE complaint_facts IN ACCESS EXCLUSIVE MODE"))
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
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
