"""gRPC client channels: one per downstream service per process, opened in the running loop,
traced, balanced with round_robin (over a headless Service's addresses on Kubernetes)."""

import json

import grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from phananh_common.config import Topology

_OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.http2.max_pings_without_data", 0),
    # Evidence files (up to 5 MB) travel in answers; gRPC's default receive limit is 4 MiB.
    ("grpc.max_receive_message_length", 8 * 1024 * 1024),
]


def _service_config(retryable: tuple[str, ...]) -> str:
    """Retries only for calls named in `retryable` ("pkg.Service" or "pkg.Service/Method"):
    those whose repetition is harmless."""
    names = []
    for name in retryable:
        service, _, method = name.partition("/")
        names.append({"service": service, **({"method": method} if method else {})})
    config: dict = {"loadBalancingConfig": [{"round_robin": {}}]}
    if names:
        config["methodConfig"] = [
            {
                "name": names,
                "retryPolicy": {
                    "maxAttempts": 4,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "1s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    return json.dumps(config)


def open_channel(target: str, retryable: tuple[str, ...] = ()) -> grpc.aio.Channel:
    options = [("grpc.service_config", _service_config(retryable)), *_OPTIONS]
    return grpc.aio.insecure_channel(
        target, options=options, interceptors=aio_client_interceptors()
    )


class Channels:
    """The process's channels by service name, opened on first use."""

    def __init__(self, topology: Topology, retryable: tuple[str, ...] = ()):
        self._topology = topology
        self._retryable = retryable
        self._open: dict[str, grpc.aio.Channel] = {}

    def get(self, service: str) -> grpc.aio.Channel:
        if service not in self._open:
            self._open[service] = open_channel(self._topology.target_of(service), self._retryable)
        return self._open[service]

    async def close(self) -> None:
        for channel in self._open.values():
            await channel.close()
        self._open.clear()
