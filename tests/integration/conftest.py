import grpc
import httpx
import pytest

from gateway.app import create_app
from gateway.clients import RETRYABLE, Clients
from gateway.config import GatewaySettings
from phananh.intake.v1 import intake_pb2_grpc
from phananh_common.channels import Channels
from phananh_common.config import SERVICES
from tests.harness import InProcessSystem


@pytest.fixture
async def system(database_urls):
    system = InProcessSystem(database_urls)
    await system.start()
    yield system
    await system.stop()


@pytest.fixture
async def intake(system):
    async with grpc.aio.insecure_channel(system.target("intake")) as channel:
        yield intake_pb2_grpc.IntakeServiceStub(channel)


@pytest.fixture
async def http(system):
    """The gateway's app in the test's loop, over the in-process services."""
    settings = GatewaySettings(**{f"{s}_target": system.target(s) for s in SERVICES})
    app = create_app(settings)
    channels = Channels(settings, RETRYABLE)
    app.state.clients = Clients(channels, settings.call_deadline_seconds)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client
    await channels.close()
