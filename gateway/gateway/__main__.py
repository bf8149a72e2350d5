import sys

import uvicorn
from pydantic import ValidationError

from gateway.app import create_app
from gateway.config import GatewaySettings
from phananh_common.logs import configure_logging
from phananh_common.telemetry import configure_tracing, shutdown_tracing


def main() -> None:
    try:
        settings = GatewaySettings()
    except ValidationError as error:
        sys.exit(f"gateway: invalid settings:\n{error}")
    configure_logging("gateway", settings.log_level)
    configure_tracing("gateway")
    try:
        uvicorn.run(
            create_app(settings),
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


main()
