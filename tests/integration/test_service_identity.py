"""The services' ports take internal calls from our services alone: event delivery only from
the publishers of the events (never anonymous, never an officer's token), intake's citizen
calls only from the gateway, notification's and reporting's officer calls only through the
gateway; district clients reach resolution's API with their token alone. A service token that
is forged, expired or meant for another service is refused, and a refused call changes
nothing; a gateway the services refuse answers 503. The servers listen only on the address
they are told."""

import asyncio
import contextlib
import json
import uuid
from datetime import timedelta
from pathlib import Path

import grpc
import pytest

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from phananh_common.access import GATEWAY
from phananh_common.config import SERVICES
from phananh_common.local_time import utc_now
from phananh_common.outbox import envelope_for
from phananh_common.service_tokens import METADATA_KEY, ServiceTokenSigner, generate_key
from tests.factories import Complaints
from tests.harness import (
    InProcessSystem,
    RowCounts,
    bearer,
    eventually,
    gateway_client,
    refused,
    scalar,
)
from tests.integration.citizen import PNG
from tests.notification_events import deliver, one_time_code

UNAUTHENTICATED = grpc.StatusCode.UNAUTHENTICATED
PERMISSION_DENIED = grpc.StatusCode.PERMISSION_DENIED


def _an_event_for(service: str) -> envelope_pb2.EventEnvelope:
    """An event the service consumes, as its publisher sends it."""
    if service == "intake":
        return envelope_for("resolution", CaseStatusChanged(complaint_id=str(uuid.uuid4())))
    if service == "notification":
        return one_time_code("+84912345678", "482913", utc_now() + timedelta(minutes=5))
    complaint = Complaints(81).message()
    return envelope_for(
        "intake",
        ComplaintSubmitted(
            complaint_id=str(uuid.uuid4()), tracking_code="ABCDE12345", complaint=complaint
        ),
    )


def _deliveries(channel, envelope) -> dict:
    """The two ways to deliver the event, each a call taking its metadata."""
    consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
    one = envelope_pb2.DeliverEventRequest(event=envelope)
    batch = envelope_pb2.DeliverEventsRequest(events=[envelope_pb2.BatchedEvent(event=envelope)])
    return {
        "DeliverEvent": lambda metadata=(): consumer.DeliverEvent(one, metadata=metadata),
        "DeliverEvents": lambda metadata=(): consumer.DeliverEvents(batch, metadata=metadata),
    }


@pytest.fixture
async def counts(system):
    opened = await RowCounts.open(system.database_urls)
    yield opened
    await opened.close()


async def _nothing_received(system, counts, before) -> bool:
    inboxes = [
        await scalar(system.database_urls[s], "SELECT count(*) FROM inbox_events") for s in SERVICES
    ]
    return counts.grown(before, await counts.read()) == {} and inboxes == [0] * len(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
async def test_event_delivery_refuses_anonymous_callers_and_officers(system, counts, service):
    before = await counts.read()
    envelope = _an_event_for(service)
    officer = bearer(system.token("PROVINCE_ADMIN", "75"))
    async with grpc.aio.insecure_channel(system.target(service)) as channel:
        for name, call in _deliveries(channel, envelope).items():
            assert (await refused(call()))[0] == UNAUTHENTICATED, name
            assert (await refused(call(officer)))[0] == PERMISSION_DENIED, name
    # Nor does an officer's token ride along with the publisher's identity.
    async with system.channel(service, envelope.producer) as channel:
        for name, call in _deliveries(channel, envelope).items():
            assert (await refused(call(officer)))[0] == PERMISSION_DENIED, name
    assert await _nothing_received(system, counts, before)


def _sms_lines(system) -> list[dict]:
    with contextlib.suppress(FileNotFoundError):
        return [json.loads(line) for line in Path(system.sms_file).read_text().splitlines()]
    return []


async def test_a_code_reaches_a_phone_only_from_a_publisher_s_identity(system, counts):
    before = await counts.read()
    envelope = _an_event_for("notification")
    key = system.service_key
    an_hour_ago = utc_now() - timedelta(hours=1)
    tokens = {
        "forged": ServiceTokenSigner(generate_key(), "intake").token_for("notification"),
        "expired": ServiceTokenSigner(key, "intake", lambda: an_hour_ago).token_for("notification"),
        "for another service": ServiceTokenSigner(key, "intake").token_for("reporting"),
    }
    async with grpc.aio.insecure_channel(system.target("notification")) as channel:
        for name, token in tokens.items():
            for way, call in _deliveries(channel, envelope).items():
                code = (await refused(call(((METADATA_KEY, token),))))[0]
                assert code == UNAUTHENTICATED, (name, way)
    # Our own services, but none that publishes to notification.
    for caller in (GATEWAY, "reporting"):
        async with system.channel("notification", caller) as channel:
            for way, call in _deliveries(channel, envelope).items():
                assert (await refused(call()))[0] == PERMISSION_DENIED, (caller, way)
    assert await _nothing_received(system, counts, before)
    assert _sms_lines(system) == []
    # Resolution publishes to notification, but not this event: its key sends no code.
    async with system.channel("notification", "resolution") as channel:
        deliveries = _deliveries(channel, envelope)
        assert (await refused(deliveries["DeliverEvent"]()))[0] == PERMISSION_DENIED
        (result,) = (await deliveries["DeliverEvents"]()).results
        assert result.status.code == PERMISSION_DENIED.value[0]
    assert await _nothing_received(system, counts, before)
    assert _sms_lines(system) == []

    # From intake, the same event is applied for the first time and its SMS sent, once.
    assert not (await deliver(system, envelope)).already_applied

    async def sent() -> bool:
        return _sms_lines(system) != []

    await eventually(sent)
    assert [line["to"] for line in _sms_lines(system)] == ["+84912345678"]


async def test_intake_takes_citizens_calls_from_the_gateway_alone(system, counts):
    before = await counts.read()
    complaint = Complaints(82).message()
    citizen = {"tracking_code": "ABCDE-12345", "phone": complaint.citizen.phone}

    def calls(intake) -> dict:
        return {
            "SubmitComplaint": lambda md: intake.SubmitComplaint(
                intake_pb2.SubmitComplaintRequest(complaint=complaint), metadata=md
            ),
            "GetComplaintStatus": lambda md: intake.GetComplaintStatus(
                intake_pb2.GetComplaintStatusRequest(**citizen), metadata=md
            ),
            "RequestOneTimeCode": lambda md: intake.RequestOneTimeCode(
                intake_pb2.RequestOneTimeCodeRequest(phone=citizen["phone"]), metadata=md
            ),
            "AddEvidence": lambda md: intake.AddEvidence(
                intake_pb2.AddEvidenceRequest(**citizen, content=PNG), metadata=md
            ),
            "SupplementComplaint": lambda md: intake.SupplementComplaint(
                intake_pb2.SupplementComplaintRequest(**citizen, description="Bổ sung"),
                metadata=md,
            ),
            "ListFacilities": lambda md: intake.ListFacilities(
                intake_pb2.ListFacilitiesRequest(), metadata=md
            ),
        }

    officer = bearer(system.token("PROVINCE_ADMIN", "75"))
    async with grpc.aio.insecure_channel(system.target("intake")) as channel:
        for name, call in calls(intake_pb2_grpc.IntakeServiceStub(channel)).items():
            assert (await refused(call(())))[0] == UNAUTHENTICATED, name
            assert (await refused(call(officer)))[0] == PERMISSION_DENIED, name
    async with system.channel("intake", "resolution") as channel:
        for name, call in calls(intake_pb2_grpc.IntakeServiceStub(channel)).items():
            assert (await refused(call(())))[0] == PERMISSION_DENIED, name
    assert await _nothing_received(system, counts, before)
    # Through the gateway's identity, the same calls are served.
    async with system.channel("intake") as channel:
        submitted = await calls(intake_pb2_grpc.IntakeServiceStub(channel))["SubmitComplaint"](())
    assert submitted.tracking_code


async def test_district_clients_reach_resolution_s_api_alone_with_their_token(system):
    officer = bearer(system.token("PROVINCE_OFFICER", "75"))
    stubs = {}
    async with contextlib.AsyncExitStack() as stack:
        for service in SERVICES:
            channel = grpc.aio.insecure_channel(system.target(service))
            stubs[service] = await stack.enter_async_context(channel)
        cases = resolution_pb2_grpc.ResolutionServiceStub(stubs["resolution"])
        await cases.ListCases(resolution_pb2.ListCasesRequest(), metadata=officer)
        refusals = {
            "intake": intake_pb2_grpc.IntakeServiceStub(stubs["intake"]).ListEvidence(
                intake_pb2.ListEvidenceRequest(complaint_id=str(uuid.uuid4())), metadata=officer
            ),
            "notification": notification_pb2_grpc.NotificationServiceStub(
                stubs["notification"]
            ).ListMessages(notification_pb2.ListMessagesRequest(), metadata=officer),
            "reporting": reporting_pb2_grpc.ReportingServiceStub(stubs["reporting"]).GetSummary(
                reporting_pb2.GetSummaryRequest(), metadata=officer
            ),
        }
        for service, call in refusals.items():
            assert (await refused(call))[0] == UNAUTHENTICATED, service


async def test_a_gateway_whose_identity_the_services_refuse_answers_503_not_401(
    system, counts, province_admin
):
    # A key that differs from the services' (a rotation under way): no one is sent to log in.
    before = await counts.read()
    async with gateway_client(system, service_token_key=generate_key()) as http:
        submitted = await http.post("/api/v1/complaints", json=Complaints(83).json())
        listed = await http.get("/api/v1/cases", headers=province_admin)
    assert [submitted.status_code, listed.status_code] == [503, 503]
    assert submitted.json()["error"]["code"] == "UNAVAILABLE"
    assert await _nothing_received(system, counts, before)


async def _listens(host: str, port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection(host, port)
    except OSError:
        return False
    writer.close()
    return True


async def test_a_service_listens_only_on_the_address_it_is_given(database_urls, monkeypatch):
    system = InProcessSystem(database_urls)
    port = system.ports["reporting"]
    assert system.settings("reporting").grpc_bind == "127.0.0.1"  # loopback unless told
    await system.start("reporting")
    try:
        assert [await _listens(h, port) for h in ("127.0.0.1", "127.0.0.2")] == [True, False]
    finally:
        await system.stop()
    monkeypatch.setenv("PHANANH_GRPC_BIND", "127.0.0.2")
    await system.start("reporting")
    try:
        assert [await _listens(h, port) for h in ("127.0.0.1", "127.0.0.2")] == [False, True]
    finally:
        await system.stop()
