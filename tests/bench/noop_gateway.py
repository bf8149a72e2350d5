"""The baseline: the gateway's own app (same middleware, tracing, error handlers, server
settings) with one extra route that makes the cheapest gRPC call to intake, a health check.
What POST /api/v1/complaints costs beyond this is the submission's own work.

Run as `python -m tests.bench.noop_gateway` with the gateway's environment
(PHANANH_HTTP_PORT for its own port, PHANANH_<SERVICE>_PORT to reach the services)."""

from fastapi import Request
from grpc_health.v1.health_pb2 import HealthCheckRequest

from gateway.__main__ import serve
from gateway.app import create_app
from gateway.config import GatewaySettings

NOOP_PATH = "/bench/noop"


def build(settings: GatewaySettings):
    app = create_app(settings)

    @app.get(NOOP_PATH, include_in_schema=False)
    async def noop(request: Request):
        clients = request.app.state.clients
        await clients.health["intake"].Check(HealthCheckRequest(), timeout=clients.deadline)
        return {"ok": True}

    return app


if __name__ == "__main__":
    serve(build, name="gateway-noop")
