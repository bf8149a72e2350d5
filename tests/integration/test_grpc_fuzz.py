"""Property-based requests to every RPC of every service, random but well typed (from the
message descriptors), through the real servers, each sent without a token and with a province
admin's: never INTERNAL or UNKNOWN (a refusal has its code), never a hang, and nothing
stored by a refused call. Examples per RPC: a few in `make test`, many with PHANANH_SOAK=1."""

import os
import uuid

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc, resolution_events_pb2
from phananh.intake.v1 import intake_pb2
from phananh.notification.v1 import notification_pb2
from phananh.reporting.v1 import reporting_pb2
from phananh.resolution.v1 import accounts_pb2, resolution_pb2
from phananh_common.access import GATEWAY
from tests.harness import RowCounts, bearer, refused, system_of_its_own
from tests.proto_strategies import messages

SOAK = os.environ.get("PHANANH_SOAK") == "1"
EXAMPLES = 200 if SOAK else 8
# A call that takes longer than this is a hang.
CALL_TIMEOUT_SECONDS = 15
# Codes that say the server failed rather than refused.
FAILURES = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.DEADLINE_EXCEEDED}

SERVING = {
    "intake": [intake_pb2.DESCRIPTOR.services_by_name["IntakeService"]],
    "resolution": [
        resolution_pb2.DESCRIPTOR.services_by_name["ResolutionService"],
        accounts_pb2.DESCRIPTOR.services_by_name["AccountService"],
    ],
    "notification": [notification_pb2.DESCRIPTOR.services_by_name["NotificationService"]],
    "reporting": [reporting_pb2.DESCRIPTOR.services_by_name["ReportingService"]],
}
EVENTS = envelope_pb2.DESCRIPTOR.services_by_name["EventConsumerService"]
# Who calls: the gateway, and for event delivery a producer of events the process consumes.
EVENT_PRODUCER = {
    "intake": "resolution",
    "resolution": "intake",
    "notification": "intake",
    "reporting": "intake",
}
RPCS = [
    (process, method)
    for process, services in SERVING.items()
    for service in [*services, EVENTS]
    for method in service.methods
]


@pytest.fixture(scope="module")
async def fuzzed(admin_url, migrated_templates):
    """One system for every RPC's examples, and the row counts of its databases."""
    async with system_of_its_own(admin_url, migrated_templates) as system:
        counts = await RowCounts.open(system.database_urls)
        yield system, counts
        await counts.close()


@pytest.mark.parametrize(
    ("process", "method"), RPCS, ids=[f"{p}:{m.containing_service.name}/{m.name}" for p, m in RPCS]
)
@pytest.mark.timeout(3600 if SOAK else 300)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
async def test_every_rpc_refuses_with_a_code_and_stores_nothing_when_it_does(
    fuzzed, process, method, data
):
    system, counts = fuzzed
    request = data.draw(messages(method.input_type), label="request")
    token = bearer(system.token("PROVINCE_ADMIN", "75"))
    caller = EVENT_PRODUCER[process] if method.containing_service == EVENTS else GATEWAY
    async with system.channel(process, caller) as channel:
        call = channel.unary_unary(
            f"/{method.containing_service.full_name}/{method.name}",
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=lambda raw: raw,
        )
        for metadata in ((), token):
            # A call writes its own service's database; the others change only through
            # events, seconds after an earlier call that was accepted.
            before = await counts.read(process)
            try:
                await call(request, metadata=metadata, timeout=CALL_TIMEOUT_SECONDS)
            except grpc.aio.AioRpcError as error:
                assert error.code() not in FAILURES, f"{error.code()}: {error.details()}"
                after = await counts.read(process)
                assert counts.grown(before, after) == {}, f"stored after {error.code()}"


async def test_an_event_holding_a_value_out_of_its_shape_is_refused_not_an_internal(fuzzed):
    """Found by the fuzzing: a complaint id that is not a UUID, or a timestamp past its
    range, made the consumer fail with INTERNAL."""
    system, counts = fuzzed
    changed = resolution_events_pb2.CaseStatusChanged(complaint_id="not-a-uuid")
    late = resolution_events_pb2.CaseStatusChanged(complaint_id=str(uuid.uuid4()))
    late.due_at.nanos = -1
    async with system.channel("intake", "resolution") as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        for event in (changed, late):
            envelope = envelope_pb2.EventEnvelope(event_id=str(uuid.uuid4()), producer="test")
            envelope.payload.Pack(event)
            before = await counts.read("intake")
            code, _, fields = await refused(
                consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope))
            )
            assert (code, fields) == (grpc.StatusCode.INVALID_ARGUMENT, ["event.payload"])
            assert counts.grown(before, await counts.read("intake")) == {}
