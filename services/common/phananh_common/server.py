"""The one shape of every gRPC service process: settings, logs, tracing, engine, servicers,
health, reflection, event consumer and relay, and a graceful stop on SIGTERM.

Stop order: health NOT_SERVING first (load balancers and probes stop sending), the relay
finishes its batch, the server lets in-flight calls finish within the grace period, then the
channels close, the engine is disposed and the spans are flushed.
"""

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import grpc
import uvloop
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor, filters
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh_common.channels import Channels
from phananh_common.config import ServiceSettings
from phananh_common.database import create_engine, wait_for_database
from phananh_common.grpc_errors import ErrorInterceptor
from phananh_common.inbox import EventConsumer, Handler
from phananh_common.logs import configure_logging
from phananh_common.relay import OutboxRelay
from phananh_common.telemetry import configure_tracing, shutdown_tracing

log = logging.getLogger(__name__)

# Calls that are safe to repeat, so the channel may retry them on UNAVAILABLE.
RETRYABLE = ("phananh.events.v1.EventConsumerService", "grpc.health.v1.Health")


@dataclass
class Servicer:
    servicer: object
    add_to_server: Callable[[object, grpc.aio.Server], None]
    service_name: str

    @classmethod
    def of(cls, servicer, pb2_module, pb2_grpc_module) -> "Servicer":
        """The servicer of the one service that a generated module pair defines."""
        (service,) = pb2_module.DESCRIPTOR.services_by_name.values()
        add = getattr(pb2_grpc_module, f"add_{service.name}Servicer_to_server")
        return cls(servicer, add, service.full_name)


@dataclass
class ServiceParts:
    """What a service's `server.build` hands to the common bootstrap."""

    servicers: list[Servicer]
    event_handlers: Mapping[type, Handler] = field(default_factory=dict)
    publishes_events: bool = False
    # Coroutine factories run as tasks while the service serves (e.g. scheduled jobs); they
    # are cancelled when it stops, before the engine is disposed.
    background: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


Build = Callable[[ServiceSettings, AsyncEngine, Channels], ServiceParts]


class RunningService:
    def __init__(self, settings: ServiceSettings, build: Build):
        self.settings = settings
        self.engine = create_engine(settings.database_url, settings.db_pool_size)
        self.channels = Channels(settings, RETRYABLE)
        parts = build(settings, self.engine, self.channels)
        self._background = parts.background
        self._background_tasks: list[asyncio.Task] = []
        # Health checks are not traced: probes would flood the traces, and the instrumentation
        # breaks streaming handlers that write with context.write (Health/Watch).
        traced = aio_server_interceptor(filter_=filters.negate(filters.health_check()))
        self.server = grpc.aio.server(interceptors=[traced, ErrorInterceptor()])
        self.health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self.service_names = [s.service_name for s in parts.servicers]
        for s in parts.servicers:
            s.add_to_server(s.servicer, self.server)
        if parts.event_handlers:
            consumer = EventConsumer(self.engine, parts.event_handlers)
            envelope_pb2_grpc.add_EventConsumerServiceServicer_to_server(consumer, self.server)
            self.service_names.append(
                envelope_pb2.DESCRIPTOR.services_by_name["EventConsumerService"].full_name
            )
        reflection.enable_server_reflection(
            [*self.service_names, health.SERVICE_NAME, reflection.SERVICE_NAME], self.server
        )
        self.port = self.server.add_insecure_port(f"{settings.bind_host}:{settings.listen_port}")
        self.relay = (
            OutboxRelay(
                self.engine,
                settings.database_url,
                self.channels,
                batch_size=settings.relay_batch_size,
                poll_seconds=settings.relay_poll_seconds,
                deadline_seconds=settings.delivery_deadline_seconds,
            )
            if parts.publishes_events
            else None
        )

    async def start(self) -> None:
        await self.server.start()
        await wait_for_database(self.engine)
        for name in ("", *self.service_names):
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        if self.relay:
            self.relay.start()
        self._background_tasks = [asyncio.create_task(job()) for job in self._background]
        log.info("serving on port %d", self.port)

    async def stop(self) -> None:
        await self.health.enter_graceful_shutdown()
        if self.relay:
            await self.relay.stop()
        for task in self._background_tasks:
            task.cancel()
        await asyncio.gather(*self._background_tasks, return_exceptions=True)
        await self.server.stop(self.settings.grace_seconds)
        await self.channels.close()
        await self.engine.dispose()
        log.info("stopped")


async def _serve(settings: ServiceSettings, build: Build) -> None:
    service = RunningService(settings, build)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await service.start()
    await stopping.wait()
    log.info("stopping")
    await service.stop()


def run(settings_class: type[ServiceSettings], build: Build) -> None:
    """Entry point of a service's `__main__`."""
    try:
        settings = settings_class()
    except ValidationError as error:
        sys.exit(f"{settings_class.service_name}: invalid settings:\n{error}")
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    try:
        uvloop.run(_serve(settings, build))
    finally:
        shutdown_tracing()
