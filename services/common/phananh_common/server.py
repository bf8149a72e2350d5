"""The one shape of every gRPC service process: settings, logs, tracing, engine, servicers,
health, reflection, event consumer and relay, and a graceful stop on SIGTERM.

Stop order: health NOT_SERVING first (load balancers and probes stop sending), the service's
background work and the relay finish their batch, the server lets in-flight calls finish
within the grace period, then the channels close, the engine is disposed and the spans are
flushed.
"""

import asyncio
import gc
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import grpc
import uvloop
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor
from prometheus_client.registry import Collector
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh_common.access import AccessInterceptor, AccountState, Rule, services
from phananh_common.channels import Channels
from phananh_common.config import ServiceSettings
from phananh_common.database import create_engine, wait_for_database
from phananh_common.grpc_errors import ErrorInterceptor
from phananh_common.inbox import EventConsumer, Handler
from phananh_common.logs import configure_logging
from phananh_common.metrics import MetricsInterceptor, MetricsServer, OutboxGauges
from phananh_common.relay import OutboxRelay
from phananh_common.service_tokens import ServiceTokenSigner, ServiceTokenVerifier
from phananh_common.storable_text import StorableTextInterceptor
from phananh_common.subscriptions import PUBLISHERS
from phananh_common.telemetry import configure_tracing, shutdown_tracing
from phananh_common.tls import listen
from phananh_common.tokens import Principal, TokenVerifier
from phananh_common.units import units

log = logging.getLogger(__name__)

# Calls that are safe to repeat, so the channel may retry them on UNAVAILABLE.
RETRYABLE = ("phananh.events.v1.EventConsumerService", "grpc.health.v1.Health")


def _not_a_health_check(details: grpc.HandlerCallDetails) -> bool:
    # Not the instrumentation's filters.health_check(): its isinstance checks against gRPC's
    # protocol classes took 2–3 % of a service's CPU under load, at every call.
    return not details.method.startswith("/grpc.health.v1.Health/")


@dataclass
class Servicer:
    servicer: object
    add_to_server: Callable[[object, grpc.aio.Server], None]
    service_name: str
    # Full method name ("/pkg.Service/Method") → who may call it (phananh_common.access).
    access: dict[str, Rule]
    methods: list[str]

    @classmethod
    def of(cls, servicer, pb2_module, pb2_grpc_module, access: Mapping[str, Rule]) -> "Servicer":
        """The servicer of the one service that a generated module pair defines, with the
        access rule of each of its methods by short name (`{"ListCases": officers(...)}`)."""
        (service,) = pb2_module.DESCRIPTOR.services_by_name.values()
        add = getattr(pb2_grpc_module, f"add_{service.name}Servicer_to_server")
        full = {name: f"/{service.full_name}/{name}" for name in access}
        methods = [f"/{service.full_name}/{m.name}" for m in service.methods]
        return cls(
            servicer, add, service.full_name, {full[n]: r for n, r in access.items()}, methods
        )


class Background(Protocol):
    """Work a service runs beside its servicers (e.g. a queue's workers): started once the
    server and the database answer, stopped (finishing what it holds) before the engine is
    disposed."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Job:
    """Background work that is one coroutine running for the life of the process (e.g. a
    schedule); stopping cancels it."""

    def __init__(self, run: Callable[[], Awaitable[None]]):
        self._run = run
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


@dataclass
class ServiceParts:
    """What a service's `server.build` hands to the common bootstrap."""

    servicers: list[Servicer]
    event_handlers: Mapping[type, Handler] = field(default_factory=dict)
    # Each batch of events applied alone (inbox.EventConsumer's batches_alone).
    event_batches_alone: bool = False
    publishes_events: bool = False
    # Runs once the database answers, before the service reports SERVING.
    on_start: Callable[[], Awaitable[None]] | None = None
    # The largest request the service accepts (gRPC's default is 4 MiB).
    max_request_bytes: int = 4 * 1024 * 1024
    background: list[Background] = field(default_factory=list)
    # Whether a token's account still accepts it (disabled? password reset since?):
    # resolution asks its accounts, the others what resolution told them
    # (phananh_common.account_access).
    account_state: Callable[[Principal], Awaitable[AccountState | None]] | None = None
    # The service's own gauges, read when Prometheus scrapes (phananh_common.metrics); a
    # publisher's outbox gauges are added by the bootstrap.
    collectors: list[Collector] = field(default_factory=list)


Build = Callable[[ServiceSettings, AsyncEngine, Channels], ServiceParts]


def _event_consumer(engine: AsyncEngine, parts: ServiceParts) -> Servicer:
    """Event delivery, taken only from the publishers of the events handled (their service
    identity): never from an officer, never from anyone else."""
    handlers = parts.event_handlers
    consumer = EventConsumer(engine, handlers, batches_alone=parts.event_batches_alone)
    rule = services(*sorted({PUBLISHERS[message.DESCRIPTOR.full_name] for message in handlers}))
    (service,) = envelope_pb2.DESCRIPTOR.services_by_name.values()
    access = {method.name: rule for method in service.methods}
    return Servicer.of(consumer, envelope_pb2, envelope_pb2_grpc, access)


class RunningService:
    def __init__(self, settings: ServiceSettings, build: Build):
        self.settings = settings
        self.engine = create_engine(settings.database_url, settings.db_pool_size)
        signer = ServiceTokenSigner(settings.service_key, settings.service_name)
        self.channels = Channels(settings, signer, RETRYABLE)
        parts = build(settings, self.engine, self.channels)
        servicers = list(parts.servicers)
        if parts.event_handlers:
            servicers.append(_event_consumer(self.engine, parts))
        # Health checks are not traced: probes would flood the traces, and the instrumentation
        # breaks streaming handlers that write with context.write (Health/Watch).
        traced = aio_server_interceptor(filter_=_not_a_health_check)
        access = AccessInterceptor(
            {m: r for s in servicers for m, r in s.access.items()},
            TokenVerifier(settings.token_public_key),
            ServiceTokenVerifier(settings.service_key, settings.service_name),
            parts.account_state,
        )
        # A method without a rule stops the start: nothing is served by accident.
        access.check_complete([m for s in servicers for m in s.methods])
        self.server = grpc.aio.server(
            interceptors=[
                traced,
                MetricsInterceptor(),
                ErrorInterceptor(),
                StorableTextInterceptor(),
                access,
            ],
            options=[("grpc.max_receive_message_length", parts.max_request_bytes)],
        )
        self.on_start = parts.on_start
        self.health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self.background = parts.background
        self.service_names = [s.service_name for s in servicers]
        for s in servicers:
            s.add_to_server(s.servicer, self.server)
        reflection.enable_server_reflection(
            [*self.service_names, health.SERVICE_NAME, reflection.SERVICE_NAME], self.server
        )
        address = f"{settings.grpc_bind}:{settings.listen_port}"
        self.port = listen(self.server, address, settings.grpc_tls_cert, settings.grpc_tls_key)
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
        collectors = list(parts.collectors)
        if parts.publishes_events:
            collectors.append(OutboxGauges(self.engine, settings.service_name))
        self.metrics = MetricsServer(settings.metrics_port, settings.metrics_bind, collectors)

    async def start(self) -> None:
        # First: a service that waits for its database is seen waiting.
        await self.metrics.start()
        await self.server.start()
        await wait_for_database(self.engine)
        if self.on_start:
            await self.on_start()
        for name in ("", *self.service_names):
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        if self.relay:
            self.relay.start()
        for work in self.background:
            await work.start()
        log.info("serving on port %d", self.port)

    async def stop(self) -> None:
        await self.health.enter_graceful_shutdown()
        for work in self.background:
            await work.stop()
        if self.relay:
            await self.relay.stop()
        await self.server.stop(self.settings.grace_seconds)
        await self.channels.close()
        await self.metrics.stop()
        await self.engine.dispose()
        log.info("stopped")


async def _serve(settings: ServiceSettings, build: Build) -> None:
    service = RunningService(settings, build)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await service.start()
    # What start-up made (modules, the units, the engine) lives as long as the process: kept
    # out of the collector's full passes, which would otherwise walk all of it in the middle
    # of a request (70 ms of CPU and more on a busy machine, where the p99 of a read lies).
    units()
    gc.collect()
    gc.freeze()
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
    if "PHANANH_BIND_HOST" in os.environ:
        log.warning("PHANANH_BIND_HOST is deprecated: name the address PHANANH_GRPC_BIND")
    try:
        uvloop.run(_serve(settings, build))
    finally:
        shutdown_tracing()
