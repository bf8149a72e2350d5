"""The gateway's FastAPI application: HTTP/JSON for the portal, officers and clients, over
gRPC to the services. It keeps nothing durable."""

import logging
import time
from contextlib import asynccontextmanager

import grpc
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.exceptions import HTTPException

from gateway import (
    accounts,
    cases,
    complaints,
    evidence,
    health,
    messages,
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
from phananh_common.service_tokens import ServiceTokenSigner
from phananh_common.tokens import TokenVerifier

access_log = logging.getLogger("gateway.access")

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


class AccessLog:
    """One line per request: method, path (never the query), status, milliseconds."""

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
            await send(message)

        try:
            await self.app(scope, receive, send_and_remember)
        finally:
            access_log.info(
                "%s %s %d",
                scope["method"],
                scope["path"],
                status,
                extra={"duration_ms": round((time.perf_counter() - started) * 1000, 2)},
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
        yield
        await channels.close()

    app = FastAPI(
        title="phananh",
        summary="Complaints about COVID-19 vaccination certificates, from form to corrected "
        "record.",
        version="1",
        lifespan=lifespan,
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
    app.include_router(evidence.router)
    app.include_router(reference.router)
    app.include_router(messages.router)
    app.include_router(reports.router)
    app.include_router(registry.router)
    app.include_router(cases.router)
    app.openapi = lambda: contract_schema(app)
    web.install(app, settings.province_code)
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz,readyz", server_request_hook=_drop_query
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(AccessLog)
    return app
