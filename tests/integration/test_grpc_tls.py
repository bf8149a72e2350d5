"""TLS on the gRPC ports: with a certificate and key the services serve TLS alone, the
services and the gateway reach each other trusting PHANANH_GRPC_TLS_CA, a rotated
certificate is served without a restart, and a plaintext client or one trusting another CA
fails at once with what went wrong."""

import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pydantic import ValidationError

from phananh_common.config import ServerTls
from tests.certificates import TestCa
from tests.harness import InProcessSystem, eventually, gateway_client

SERVING = health_pb2.HealthCheckResponse.SERVING


@pytest.fixture
def ca(tmp_path) -> TestCa:
    return TestCa(tmp_path)


@pytest.fixture
async def tls_system(database_urls, ca):
    files = ca.server_files()
    system = InProcessSystem(
        database_urls,
        grpc_tls_cert=str(files.cert),
        grpc_tls_key=str(files.key),
        grpc_tls_ca=str(ca.file),
    )
    await system.start()
    yield system
    await system.stop()


async def health_check(target: str, credentials: grpc.ChannelCredentials | None):
    """The health check's status, or the error's code and details; and how long it took."""
    started = time.monotonic()
    if credentials is None:
        channel = grpc.aio.insecure_channel(target)
    else:
        channel = grpc.aio.secure_channel(target, credentials)
    async with channel:
        try:
            reply = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=10
            )
            outcome = reply.status
        except grpc.aio.AioRpcError as error:
            outcome = (error.code(), error.details())
    return outcome, time.monotonic() - started


def trusting(ca: TestCa) -> grpc.ChannelCredentials:
    return grpc.ssl_channel_credentials(ca.file.read_bytes())


async def test_the_services_and_the_gateway_talk_over_tls(tls_system, ca):
    for service in ("intake", "resolution", "notification", "reporting"):
        status, _ = await health_check(tls_system.target(service), trusting(ca))
        assert status == SERVING
    # The gateway's readiness asks every service over its channels: TLS, trusting the CA.
    async with gateway_client(tls_system, grpc_tls_ca=str(ca.file)) as http:
        assert (await http.get("/readyz")).status_code == 200
    async with gateway_client(tls_system) as plaintext_gateway:
        assert (await plaintext_gateway.get("/readyz")).status_code == 503


async def test_a_plaintext_client_and_a_wrong_ca_fail_at_once(tls_system, tmp_path):
    target = tls_system.target("resolution")
    (code, details), took = await health_check(target, None)
    assert code == grpc.StatusCode.UNAVAILABLE and took < 2
    other = TestCa(tmp_path, "other")
    (code, details), took = await health_check(target, trusting(other))
    assert code == grpc.StatusCode.UNAVAILABLE and took < 2
    assert "CERTIFICATE_VERIFY_FAILED" in details


async def test_a_rotated_certificate_is_served_without_a_restart(database_urls, ca, tmp_path):
    files = ca.server_files()
    system = InProcessSystem(
        database_urls, grpc_tls_cert=str(files.cert), grpc_tls_key=str(files.key)
    )
    await system.start("resolution")
    try:
        target = system.target("resolution")
        renewed_ca = TestCa(tmp_path, "renewed")
        assert (await health_check(target, trusting(ca)))[0] == SERVING
        assert (await health_check(target, trusting(renewed_ca)))[0] != SERVING

        renewed_ca.server_files("server")  # over the same files

        async def served_by_the_new_certificate() -> bool:
            return (await health_check(target, trusting(renewed_ca)))[0] == SERVING

        await eventually(served_by_the_new_certificate, timeout=5)
        assert (await health_check(target, trusting(ca)))[0] != SERVING
    finally:
        await system.stop()


def test_a_key_that_is_not_the_certificates_stops_the_start(ca, monkeypatch):
    """Every service's settings (ServerTls) refuse it before anything listens."""
    first, second = ca.server_files("first"), ca.server_files("second")
    monkeypatch.setenv("PHANANH_GRPC_TLS_CERT", str(first.cert))
    monkeypatch.setenv("PHANANH_GRPC_TLS_KEY", str(second.key))
    with pytest.raises(ValidationError, match="the private key is not the certificate's"):
        ServerTls()
    monkeypatch.delenv("PHANANH_GRPC_TLS_KEY")
    with pytest.raises(ValidationError, match="set both PHANANH_GRPC_TLS_CERT"):
        ServerTls()
