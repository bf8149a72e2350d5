import grpc
import pytest

from phananh.intake.v1 import intake_pb2_grpc
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
