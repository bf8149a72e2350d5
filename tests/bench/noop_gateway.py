"""The baseline: the gateway's own app (same middleware, tracing, error handlers, server
settings) with one extra route that makes the cheapest gRPC call to intake, a health check.
What POST /api/v1/complaints costs beyond this is the submission's own work.

Run as `python -m tests.bench.noop_gateway` with the gateway's environment
(PHANANH_HTTP_PORT for its own port, PHANANH_<SERVICE>_PORT to reach the services)."""

import sys

import uvicorn
from fastapi import Request
from grpc_health.v1.health_pb2 import HealthCheckRequest
from pydantic import ValidationError

from gateway.app import create_app
from gateway.config import GatewaySettings
from phananh_common.logs import configure_logging
from phananh_common.telemetry import configure_tracing, shutdown_tracing

NOOP_PATH = "/bench/noop"


def build(settings: GatewaySettings):
    app = create_app(settings)

    @app.get(NOOP_PATH, include_in_schema=False)
    async def noop(request: Request):
        clients = request.app.state.clients
        await clients.health["intake"].Check(HealthCheckRequest(), timeout=clients.deadline)
        return {"ok": True}

    return app


def main() -> None:
    # Mirrors gateway/gateway/__main__.py line for line, so only the route differs.
    try:
        settings = GatewaySettings()
    except ValidationError as error:
        sys.exit(f"noop gateway: invalid settings:\n{error}")
    configure_logging("gateway-noop", settings.log_level)
    configure_tracing("gateway-noop")
    try:
        uvicorn.run(
            build(settings),
            host=settings.http_host,
            port=settings.http_port,
            loop="uvloop",
            http="httptools",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
        )
    finally:
        shutdown_tracing()


if __name__ == "__main__":
    main()
