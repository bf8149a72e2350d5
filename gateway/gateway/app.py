"""The gateway's FastAPI application: HTTP/JSON for the portal, officers and clients, over
gRPC to the services. It keeps nothing durable."""

import logging
import time
from contextlib import asynccontextmanager

import grpc
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import Histogram
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException

from gateway import (
    accounts,
    audit,
    cases,
    complaints,
    evidence,
    health,
    messages,
    rechecks,
    reference,
    registry,
    reports,
    web,
)
from gateway.clients import RETRYABLE, Clients
from gateway.config import GatewaySettings
from gateway.errors import (
    on_http_error,
    on_rpc_error,
    on_service_error,
    on_unexpected,
    on_validation_error,
)
from gateway.limits import BodyLimit, BodyTooLarge, on_body_too_large
from gateway.openapi import contract_schema
from phananh_common.access import GATEWAY
from phananh_common.channels import Channels
from phananh_common.errors import ServiceError
from phananh_common.metrics import LATENCY_BUCKETS, MetricsServer
from phananh_common.service_tokens import ServiceTokenSigner
from phananh_common.tokens import TokenVerifier

access_log = logging.getLogger("gateway.access")

REQUEST_SECONDS = Histogram(
    "http_server_request_duration_seconds",
    "Seconds from a request's start to its answer's end, by route template and status.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
# Any other method a client makes up is counted as one: labels must stay few.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _route_template(scope) -> str:
    """The path as its route declares it (`/api/v1/complaints/{tracking_code}`), never the
    path itself: its codes and ids would make a series each."""
    return getattr(scope.get("route"), "path_format", None) or "unmatched"


# Span attributes that carry the query string, which may hold a phone number.
_URL_ATTRIBUTES = ("http.url", "url.full", "http.target")


def _drop_query(span, _scope) -> None:
    """The status lookup takes the phone as a query parameter: keep it out of spans."""
    if not span.is_recording():
        return
    attributes = getattr(span, "attributes", None) or {}
    for key in _URL_ATTRIBUTES:
        if key in attributes:
            span.set_attribute(key, str(attributes[key]).split("?", 1)[0])
    if "url.query" in attributes:
        span.set_attribute("url.query", "")


# Reference data is the same for everyone and may be cached; any other answer of the API may
# carry personal data, and no browser or proxy may keep it (docs/http-api.md, "Conventions").
CACHEABLE_API_PATHS = frozenset(r.path for r in reference.router.routes if "GET" in r.methods)
# Sent only on requests that came over TLS (directly, or by a trusted proxy's
# X-Forwarded-Proto, which uvicorn applies): a year of HTTPS only, for this host alone.
STRICT_TRANSPORT = "max-age=31536000"


def _add_policy_headers(scope, headers: MutableHeaders) -> None:
    path = scope["path"]
    if path.startswith("/api/") and path not in CACHEABLE_API_PATHS:
        headers["cache-control"] = "no-store"
    if scope.get("scheme") == "https":
        headers["strict-transport-security"] = STRICT_TRANSPORT


class AccessLogAndPolicyHeaders:
    """One line per request: method, path (never the query), status, milliseconds, and its
    duration in the metrics. And, on the way out, the headers every answer of its kind
    needs: `no-store` on the API's answers, HSTS on those over TLS."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def send_and_remember(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                _add_policy_headers(scope, MutableHeaders(scope=message))
            await send(message)

        try:
            await self.app(scope, receive, send_and_remember)
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "other"
            REQUEST_SECONDS.labels(method, _route_template(scope), str(status)).observe(seconds)
            access_log.info(
                "%s %s %d",
                scope["method"],
                scope["path"],
                status,
                extra={"duration_ms": round(seconds * 1000, 2)},
            )


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        signer = ServiceTokenSigner(settings.service_key, GATEWAY)
        channels = Channels(settings, signer, RETRYABLE)
        app.state.clients = Clients(
            channels, settings.call_deadline_seconds, settings.bulk_deadline_seconds
        )
        app.state.verifier = TokenVerifier(settings.token_public_key)
        metrics = MetricsServer(settings.gateway_metrics_port, settings.metrics_bind)
        await metrics.start()
        yield
        await metrics.stop()
        await channels.close()

    app = FastAPI(
        title="phananh",
        summary="Complaints about COVID-19 vaccination certificates, from form to corrected "
        "record.",
        version="1",
        lifespan=lifespan,
        # FastAPI's own pages load their scripts from a CDN: web.install serves /docs instead.
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(grpc.aio.AioRpcError, on_rpc_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(ServiceError, on_service_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(BodyTooLarge, on_body_too_large)
    app.add_exception_handler(Exception, on_unexpected)
    app.include_router(health.router)
    app.include_router(complaints.router)
    app.include_router(accounts.router)
    app.include_router(audit.router)
    app.include_router(evidence.router)
    app.include_router(reference.router)
    app.include_router(messages.router)
    app.include_router(reports.router)
    app.include_router(registry.router)
    app.include_router(cases.router)
    app.include_router(rechecks.router)
    app.openapi = lambda: contract_schema(app)
    web.install(app, settings.province_code)
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz,readyz", server_request_hook=_drop_query
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(AccessLogAndPolicyHeaders)
    return app
