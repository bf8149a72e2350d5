import pytest

from phananh.intake.v1 import intake_pb2_grpc
from tests.harness import InProcessSystem, gateway_client
from tests.integration.desk import open_desk


@pytest.fixture
async def system(database_urls):
    system = InProcessSystem(database_urls)
    await system.start()
    yield system
    await system.stop()


@pytest.fixture
async def intake(system):
    """Intake's API as the gateway calls it (citizens come through it alone)."""
    async with system.channel("intake") as channel:
        yield intake_pb2_grpc.IntakeServiceStub(channel)


@pytest.fixture
async def http(system):
    async with gateway_client(system) as client:
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
