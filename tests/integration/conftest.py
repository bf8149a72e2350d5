from contextlib import asynccontextmanager

import grpc
import httpx
import pytest

from gateway.app import create_app
from gateway.config import GatewaySettings
from phananh.intake.v1 import intake_pb2_grpc
from phananh_common.config import SERVICES
from tests.harness import InProcessSystem
from tests.integration.desk import open_desk


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


@asynccontextmanager
async def gateway_over(system: InProcessSystem):
    """The gateway's app in the test's loop, over the in-process services."""
    targets = {f"{s}_target": system.target(s) for s in SERVICES}
    settings = GatewaySettings(**targets, token_public_key=system.overrides["token_public_key"])
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://gateway") as client,
    ):
        yield client


@pytest.fixture
async def http(system):
    async with gateway_over(system) as client:
        yield client


@pytest.fixture
def province_admin(system) -> dict[str, str]:
    """The headers of a province admin's calls."""
    return {"authorization": f"Bearer {system.token('PROVINCE_ADMIN', '75')}"}


@pytest.fixture
async def desk(database_urls):
    """Resolution alone with a small registry: see tests.integration.desk."""
    async with open_desk(database_urls) as opened:
        yield opened
