"""gRPC client channels: one per downstream service per process, opened in the running loop,
traced, balanced with round_robin (over a headless Service's addresses on Kubernetes), over
TLS trusting PHANANH_GRPC_TLS_CA when it is set, each call carrying the process's service
token for the service it reaches."""

import json

import grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from phananh_common.config import Topology
from phananh_common.service_tokens import METADATA_KEY, ServiceTokenSigner
from phananh_common.tls import channel_credentials

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


class ServiceIdentity(grpc.aio.UnaryUnaryClientInterceptor):
    """Adds the calling process's token for `audience` to every call: beside an officer's
    `authorization`, never instead of it."""

    def __init__(self, signer: ServiceTokenSigner, audience: str):
        self._signer = signer
        self._audience = audience

    async def intercept_unary_unary(self, continuation, details, request):
        token = (METADATA_KEY, self._signer.token_for(self._audience))
        metadata = (*(details.metadata or ()), token)
        return await continuation(details._replace(metadata=metadata), request)


def open_channel(
    target: str,
    identity: ServiceIdentity,
    retryable: tuple[str, ...] = (),
    credentials: grpc.ChannelCredentials | None = None,
) -> grpc.aio.Channel:
    """A channel over TLS with `credentials`, plaintext without."""
    options = [("grpc.service_config", _service_config(retryable)), *_OPTIONS]
    interceptors = [*aio_client_interceptors(), identity]
    if credentials is None:
        return grpc.aio.insecure_channel(target, options=options, interceptors=interceptors)
    return grpc.aio.secure_channel(target, credentials, options=options, interceptors=interceptors)


class Channels:
    """The process's channels by service name, opened on first use; `signer` makes the
    process's service tokens."""

    def __init__(
        self, topology: Topology, signer: ServiceTokenSigner, retryable: tuple[str, ...] = ()
    ):
        self._topology = topology
        self._signer = signer
        self._retryable = retryable
        self._credentials = channel_credentials(topology.grpc_tls_ca)
        self._open: dict[str, grpc.aio.Channel] = {}

    def get(self, service: str) -> grpc.aio.Channel:
        if service not in self._open:
            self._open[service] = open_channel(
                self._topology.target_of(service),
                ServiceIdentity(self._signer, service),
                self._retryable,
                self._credentials,
            )
        return self._open[service]

    async def close(self) -> None:
        for channel in self._open.values():
            await channel.close()
        self._open.clear()
