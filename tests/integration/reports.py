"""Reporting alone, as the producers' relays feed it: its server with a clock the tests move,
read as a province admin, with each producer's channel to deliver its own events."""

import contextlib
import functools
from datetime import datetime

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh_common.server import RunningService
from reporting.server import build
from tests.harness import InProcessSystem, bearer, service_channel


class Clock:
    """The time the service believes it is; tests move it, nothing sleeps."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@contextlib.asynccontextmanager
async def reporting_alone(database_urls, clock: Clock):
    """Reporting's server on the test's databases, believing `clock`."""
    system = InProcessSystem(database_urls)
    service = RunningService(system.settings("reporting"), functools.partial(build, clock=clock))
    await service.start()
    target = f"127.0.0.1:{service.port}"
    key = system.service_key
    # Reads as a province admin through the gateway; each district's officers send its weekly
    # report; each producer delivers its own events.
    token = system.token("PROVINCE_ADMIN", "75")
    try:
        async with contextlib.AsyncExitStack() as stack:
            channel = await stack.enter_async_context(
                service_channel(target, "reporting", key, token=token)
            )
            producers = {
                p: await stack.enter_async_context(service_channel(target, "reporting", key, p))
                for p in ("intake", "resolution", "notification")
            }
            yield Reporting(channel, producers, database_urls, service.port, system)
    finally:
        await service.stop()


class Reporting:
    def __init__(self, channel, producers: dict, database_urls, port, system):
        self.port = port
        self.system = system
        self.api = reporting_pb2_grpc.ReportingServiceStub(channel)
        self.consumers = {
            p: envelope_pb2_grpc.EventConsumerServiceStub(c) for p, c in producers.items()
        }
        self.database_urls = database_urls

    def district(self, unit_code: str) -> tuple:
        """The call metadata of an officer of that district."""
        return bearer(self.system.token("DISTRICT_OFFICER", unit_code))

    async def deliver(self, envelope) -> bool:
        consumer = self.consumers[envelope.producer]
        reply = await consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope))
        return reply.already_applied


def numbers(figures: pb.ReportFigures, expected: dict) -> dict:
    """The fields of `figures` that `expected` names, as plain values."""
    found = {}
    for name in expected:
        value = getattr(figures, name)
        found[name] = dict(value) if name == "rejection_reasons" else value
    return found
