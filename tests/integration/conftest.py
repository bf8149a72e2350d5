import grpc
import pytest

from phananh.intake.v1 import intake_pb2_grpc
from phananh.resolution.v1 import accounts_pb2_grpc, resolution_pb2_grpc
from tests.harness import InProcessSystem, gateway_client
from tests.integration.accounts import ADMIN, ADMIN_PASSWORD, gateways
from tests.integration.desk import open_desk
from tests.integration.report_script import local
from tests.integration.reports import Clock, reporting_alone


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


@pytest.fixture
async def resolution(database_urls):
    """Resolution alone, with its bootstrap admin: (accounts, cases, system)."""
    system = InProcessSystem(database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}")
    await system.start("resolution")
    async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
        yield (
            accounts_pb2_grpc.AccountServiceStub(channel),
            resolution_pb2_grpc.ResolutionServiceStub(channel),
            system,
        )
    await system.stop()


@pytest.fixture
async def gateway(resolution):
    """The gateway before `resolution`, called from any client address (see gateways)."""
    async with gateways(resolution[2]) as at:
        yield at


@pytest.fixture
def clock():
    """Reporting's clock (see reports.reporting_alone)."""
    return Clock(local(8, 9))  # Friday 8 October 2021, 09:00: before W40's deadline


@pytest.fixture
async def reporting(database_urls, clock):
    """Reporting alone, believing `clock`: see tests.integration.reports."""
    async with reporting_alone(database_urls, clock) as alone:
        yield alone
