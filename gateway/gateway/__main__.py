"""`python -m gateway`: the HTTP gateway, configured from the environment."""

import sys
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from gateway.app import create_app
from gateway.config import GatewaySettings
from phananh_common.logs import configure_logging
from phananh_common.telemetry import configure_tracing, shutdown_tracing


def serve(build: Callable[[GatewaySettings], FastAPI], name: str = "gateway") -> None:
    """Serves the app that `build` makes, with logs, tracing and a graceful stop."""
    try:
        settings = GatewaySettings()
    except ValidationError as error:
        sys.exit(f"{name}: invalid settings:\n{error}")
    configure_logging(name, settings.log_level)
    configure_tracing(name)
    try:
        uvicorn.run(
            build(settings),
            host=settings.http_host,
            port=settings.http_port,
            loop="uvloop",
            http="httptools",
            proxy_headers=True,
            forwarded_allow_ips=settings.trusted_proxies,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
        )
    finally:
        shutdown_tracing()


if __name__ == "__main__":
    serve(create_app)
