"""Prometheus metrics of one process, served on a port of their own
(`PHANANH_<PROCESS>_METRICS_PORT`), never on the public one: the process's CPU and memory
(prometheus-client's process collector), the gRPC calls a service handled, and gauges that
a query of the service's database answers when Prometheus scrapes (the outbox's backlog).

The HTTP server is prometheus-client's own, on a thread; a scrape that needs the database
runs its query on the process's event loop (the engine's), at most once per few seconds
however many scrapes come."""

import asyncio
import logging
import threading
import time
from collections.abc import Iterable

import grpc
from prometheus_client import (
    REGISTRY,
    Counter,
    Histogram,
    disable_created_metrics,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common.subscriptions import ROUTES

log = logging.getLogger(__name__)

# A `_created` series beside every counter and histogram doubles the series for nothing that
# rate() and increase() need.
disable_created_metrics()

# Seconds: from a cached read to the slowest export of a report.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

GRPC_HANDLED = Counter(
    "grpc_server_handled",
    "RPCs completed on the server, by status code.",
    ["grpc_service", "grpc_method", "grpc_code"],
)
GRPC_SECONDS = Histogram(
    "grpc_server_handling_seconds",
    "Seconds from an RPC's start to its status, on the server.",
    ["grpc_service", "grpc_method"],
    buckets=LATENCY_BUCKETS,
)


class _MethodMetrics:
    """One method's series, looked up once: `labels()` takes a lock and builds a key at every
    call, and this runs on every call."""

    def __init__(self, full_method: str):
        self._service, _, self._method = full_method.strip("/").partition("/")
        self.seconds = GRPC_SECONDS.labels(self._service, self._method)
        self._handled: dict[grpc.StatusCode, Counter] = {}

    def handled(self, code: grpc.StatusCode) -> Counter:
        counter = self._handled.get(code)
        if counter is None:
            counter = GRPC_HANDLED.labels(self._service, self._method, code.name)
            self._handled[code] = counter
        return counter


class MetricsInterceptor(grpc.aio.ServerInterceptor):
    """Counts and times every unary call by its final status: outside the error interceptor,
    so it sees the status that a refusal or an error became."""

    def __init__(self):
        self._methods: dict[str, _MethodMetrics] = {}

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary
        method = self._methods.get(handler_call_details.method)
        if method is None:
            method = self._methods[handler_call_details.method] = _MethodMetrics(
                handler_call_details.method
            )

        async def measured(request, context):
            started = time.perf_counter()
            code = grpc.StatusCode.UNKNOWN
            try:
                reply = await inner(request, context)
                code = context.code() or grpc.StatusCode.OK
                return reply
            except grpc.aio.AbortError:
                code = context.code() or grpc.StatusCode.UNKNOWN
                raise
            except asyncio.CancelledError:
                code = grpc.StatusCode.CANCELLED
                raise
            finally:
                method.seconds.observe(time.perf_counter() - started)
                method.handled(code).inc()

        return grpc.unary_unary_rpc_method_handler(
            measured,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


class QueriedGauges(Collector):
    """Gauges that a query of the database answers at scrape time. The scrape comes on the
    metrics server's thread; the query runs on the event loop the engine belongs to (bound
    by MetricsServer.start), and its answer is kept `cache_seconds`. A query that fails or
    takes longer than `timeout_seconds` leaves its gauges out of that scrape."""

    def __init__(
        self, engine: AsyncEngine, cache_seconds: float = 10.0, timeout_seconds: float = 5.0
    ):
        self._engine = engine
        self._cache_seconds = cache_seconds
        self._timeout_seconds = timeout_seconds
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._read_at = -float("inf")
        self._families: list[GaugeMetricFamily] = []

    def families(self) -> list[GaugeMetricFamily]:
        """The gauges, without values (what `describe` tells the registry)."""
        raise NotImplementedError

    async def read(self, conn: AsyncConnection) -> list[GaugeMetricFamily]:
        raise NotImplementedError

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def describe(self) -> Iterable[GaugeMetricFamily]:
        return self.families()

    def collect(self) -> Iterable[GaugeMetricFamily]:
        with self._lock:
            if time.monotonic() - self._read_at >= self._cache_seconds and self._loop:
                self._families = self._query()
                self._read_at = time.monotonic()
            return list(self._families)

    def _query(self) -> list[GaugeMetricFamily]:
        async def read():
            async with self._engine.connect() as conn:
                return await self.read(conn)

        future = asyncio.run_coroutine_threadsafe(read(), self._loop)
        try:
            return future.result(self._timeout_seconds)
        except Exception as error:  # noqa: BLE001 (a scrape answers: the gauges left out)
            future.cancel()
            log.warning("%s: not read (%s)", type(self).__name__, type(error).__name__)
            return []


def consumers_of(producer: str) -> list[str]:
    """The services that take the events `producer` publishes (phananh_common.subscriptions)."""
    return sorted(
        {c for publisher, consumers in ROUTES.values() if publisher == producer for c in consumers}
    )


class OutboxGauges(QueriedGauges):
    """The producer's undelivered events, per consumer: how many, and how long the oldest has
    waited (0 when none waits)."""

    _PENDING = text(
        "SELECT d.consumer, count(*), extract(epoch FROM now() - min(e.created_at))"
        " FROM outbox_deliveries d JOIN outbox_events e ON e.event_id = d.event_id"
        " WHERE d.delivered_at IS NULL GROUP BY d.consumer"
    )

    def __init__(self, engine: AsyncEngine, producer: str, **cache):
        super().__init__(engine, **cache)
        self._consumers = consumers_of(producer)

    def families(self) -> list[GaugeMetricFamily]:
        return [
            GaugeMetricFamily(
                "phananh_outbox_pending_events",
                "Events written to the outbox and not yet delivered to the consumer.",
                labels=["consumer"],
            ),
            GaugeMetricFamily(
                "phananh_outbox_oldest_pending_age_seconds",
                "Seconds since the oldest event not yet delivered to the consumer was written.",
                labels=["consumer"],
            ),
        ]

    async def read(self, conn: AsyncConnection) -> list[GaugeMetricFamily]:
        pending = {row[0]: row for row in await conn.execute(self._PENDING)}
        count, age = self.families()
        for consumer in sorted({*self._consumers, *pending}):
            _, events, seconds = pending.get(consumer, (consumer, 0, 0))
            count.add_metric([consumer], events)
            age.add_metric([consumer], float(seconds))
        return [count, age]


class MetricsServer:
    """The process's metrics port: nothing when no port is set."""

    def __init__(self, port: int | None, bind: str, collectors: Iterable[Collector] = ()):
        self._port = port
        self._bind = bind
        self._collectors = list(collectors)
        self._server = None

    async def start(self) -> None:
        if self._port is None:
            return
        loop = asyncio.get_running_loop()
        for collector in self._collectors:
            if isinstance(collector, QueriedGauges):
                collector.bind(loop)
            REGISTRY.register(collector)
        # PHANANH_GRPC_BIND's form of every interface, `[::]`, is said `::` to a socket.
        self._server, _ = start_http_server(self._port, self._bind.strip("[]"))
        log.info("metrics on port %d", self._port)

    async def stop(self) -> None:
        if self._server is None:
            return
        # shutdown() waits for the serving thread's next poll (up to half a second).
        await asyncio.to_thread(self._server.shutdown)
        self._server.server_close()
        for collector in self._collectors:
            REGISTRY.unregister(collector)
        self._server = None
