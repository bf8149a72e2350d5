"""A bad facilities file sent to IntakeService changes nothing."""

import grpc
import pytest

from phananh.intake.v1 import intake_pb2
from tests.harness import bearer, scalar


async def test_a_bad_facilities_file_changes_nothing(system, intake):
    csv = b"code,name,district_code,commune_code\nF1,A,731,\nF2,B,731,99999\n"
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await intake.ImportFacilities(
            intake_pb2.ImportFacilitiesRequest(csv=csv),
            metadata=bearer(system.token("PROVINCE_ADMIN", "75")),
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert await scalar(system.database_urls["intake"], "SELECT count(*) FROM facilities") == 0
