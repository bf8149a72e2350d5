"""PhananhClient, the district client's library, against the real servers: its calls go on
past a token's lifetime (the key exchanged again), lists come whole across pages, a refusal
comes with the server's reason and fields in plain words, and of reporting's RPCs a district
client reaches the weekly reports alone."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import accounts_pb2_grpc
from phananh_district import PhananhClient, Refused
from reporting.domain.weeks import week_of
from tests.factories import Complaints
from tests.harness import InProcessSystem, bearer, district_client_channel, refused
from tests.integration.cases import START, case_of, deliver, submitted

PASSWORD = "mat-khau-phan-mem-2"


@pytest.fixture
async def system(database_urls):
    """Resolution, intake (which keeps the cases' evidence) and reporting; tokens live three
    seconds."""
    system = InProcessSystem(database_urls, access_token_minutes=0.05)
    await system.start("resolution", "intake", "reporting")
    yield system
    await system.stop()


async def district_key(system: InProcessSystem) -> str:
    """An API key of a district's machine account, made as the README's walkthrough says."""
    async with system.channel("resolution") as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        await accounts.CreateAccount(
            pb.CreateAccountRequest(
                username="bienhoa.phanmem",
                role=pb.ROLE_DISTRICT_OFFICER,
                unit_code="731",
                initial_password="mat-khau-phan-mem-1",
            ),
            metadata=bearer(system.token("PROVINCE_ADMIN", "75")),
        )
        first = await accounts.Login(
            pb.LoginRequest(username="bienhoa.phanmem", password="mat-khau-phan-mem-1")
        )
        await accounts.ChangePassword(
            pb.ChangePasswordRequest(current_password="mat-khau-phan-mem-1", new_password=PASSWORD),
            metadata=bearer(first.access_token),
        )
        login = await accounts.Login(pb.LoginRequest(username="bienhoa.phanmem", password=PASSWORD))
        key = await accounts.CreateApiKey(
            pb.CreateApiKeyRequest(name="phần mềm huyện"), metadata=bearer(login.access_token)
        )
    return key.api_key


async def open_cases(system: InProcessSystem, count: int) -> list[str]:
    """Cases of Biên Hòa, submitted a minute apart: oldest deadline first in this order."""
    complaints, ids = Complaints(61), []
    for n in range(count):
        event = submitted(complaints, START + timedelta(minutes=n))
        await deliver(system, "intake", event)
        ids.append(str(await case_of(system, event, "case_id")))
    return ids


@pytest.fixture
async def client(system):
    api_key = await district_key(system)
    client = PhananhClient(
        system.target("resolution"),
        api_key=api_key,
        plaintext=True,
        reports_target=system.target("reporting"),
    )
    yield client
    client.close()


async def test_calls_go_on_past_the_tokens_lifetime(system, client):
    listed = []

    def list_for(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            listed.append(list(client.cases()))
            time.sleep(0.5)

    await asyncio.to_thread(list_for, 7)  # more than two lifetimes
    assert len(listed) >= 10


async def test_lists_come_whole_across_pages(system, client):
    opened = await open_cases(system, 5)
    listed = await asyncio.to_thread(lambda: [c.case_id for c in client.cases(page_size=2)])
    assert listed == opened


async def test_a_refusal_says_why_in_plain_words(system, client):
    (case_id,) = await open_cases(system, 1)
    case = await asyncio.to_thread(client.case, case_id)
    stale = case.case.version + 1
    with pytest.raises(Refused) as refused:
        await asyncio.to_thread(client.reject, case_id, "PHOTO_UNREADABLE", expected_version=stale)
    assert refused.value.summary == "case changed since you read it"
    assert refused.value.reason == "STALE_VERSION"
    with pytest.raises(Refused) as refused:
        await asyncio.to_thread(client.reject, case_id, "NO_SUCH_REASON")
    assert refused.value.code == "INVALID_ARGUMENT"
    assert [field for field, _ in refused.value.violations] == ["reason_code"]


async def test_of_reporting_a_district_client_reaches_the_weekly_reports_alone(system, client):
    week = week_of(datetime.now(UTC)).label
    report = await asyncio.to_thread(client.weekly_report, "731", week)
    assert (report.unit_code, report.week) == ("731", week)
    exported = await asyncio.to_thread(client.export_weekly_report, "731", week, "csv")
    assert exported.filename == f"weekly-report-731-{week}.csv"
    with pytest.raises(Refused) as outside:
        await asyncio.to_thread(client.weekly_report, "732", week)
    assert outside.value.code == "PERMISSION_DENIED"

    token = system.token("DISTRICT_OFFICER", "731")
    async with district_client_channel(system.target("reporting"), token) as channel:
        code, _, _ = await refused(
            reporting_pb2_grpc.ReportingServiceStub(channel).GetSummary(
                reporting_pb2.GetSummaryRequest()
            )
        )
    assert code == grpc.StatusCode.UNAUTHENTICATED  # internal: the gateway's alone
