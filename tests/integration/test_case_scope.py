"""An officer's case list holds the cases of its unit and the units below it, page by page."""

import uuid

import grpc
import pytest

from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from tests.harness import InProcessSystem, bearer, execute

# unit → how many cases it holds
CASES = {"75": 1, "731": 2, "25993": 2, "732": 3}


@pytest.fixture
async def cases(database_urls):
    system = InProcessSystem(database_urls)
    await system.start("resolution")
    for unit, count in CASES.items():
        for day in range(count):
            await execute(
                database_urls["resolution"],
                "INSERT INTO cases (case_id, complaint_id, tracking_code, category, status,"
                " unit_code, submitted_at, due_at, version, complaint) VALUES (:id, :id,"
                " 'ABCDE-FGHJK', 'MISSING_DOSE', 'ASSIGNED', :unit, now(),"
                " now() + make_interval(days => :day), 1, '')",
                id=uuid.uuid4(),
                unit=unit,
                day=day,
            )
    async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
        yield resolution_pb2_grpc.ResolutionServiceStub(channel), system
    await system.stop()


async def all_pages(stub, token, unit_code="") -> list:
    found, page_token = [], ""
    while True:
        reply = await stub.ListCases(
            resolution_pb2.ListCasesRequest(
                page_size=1, page_token=page_token, unit_code=unit_code
            ),
            metadata=bearer(token),
        )
        found += reply.cases
        if not reply.next_page_token:
            return found
        page_token = reply.next_page_token


@pytest.mark.parametrize(
    ("role", "unit", "asked", "units_seen"),
    [
        ("PROVINCE_OFFICER", "75", "", {"75", "731", "25993", "732"}),
        ("PROVINCE_OFFICER", "75", "731", {"731", "25993"}),
        ("DISTRICT_OFFICER", "731", "", {"731", "25993"}),
        ("DISTRICT_ADMIN", "732", "", {"732"}),
        ("COMMUNE_OFFICER", "25993", "", {"25993"}),
    ],
)
async def test_each_officer_sees_the_cases_inside_its_unit(cases, role, unit, asked, units_seen):
    stub, system = cases
    found = await all_pages(stub, system.token(role, unit), asked)
    assert {c.unit_code for c in found} == units_seen
    assert len(found) == sum(CASES[u] for u in units_seen)
    due = [c.due_at.ToDatetime() for c in found]
    assert due == sorted(due)  # oldest deadline first, across pages
