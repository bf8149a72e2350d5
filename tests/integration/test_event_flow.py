"""A submitted complaint reaches every consumer exactly once, and the citizen's status
follows the case that resolution opened."""

import uuid

import grpc
from google.rpc import code_pb2
from sqlalchemy.ext.asyncio import create_async_engine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.intake.v1 import intake_pb2
from phananh.types.v1 import types_pb2
from phananh_common.outbox import envelope_for, publish
from tests.factories import Complaints
from tests.harness import eventually, fetch, scalar


async def submit(intake, complaints, count):
    replies = []
    for _ in range(count):
        request = intake_pb2.SubmitComplaintRequest(complaint=complaints.message())
        replies.append((request, await intake.SubmitComplaint(request)))
    return replies


async def test_each_consumer_applies_each_complaint_once(system, intake):
    replies = await submit(intake, Complaints(1), 25)
    urls = system.database_urls

    pending = "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL"

    async def all_applied():
        return (
            await scalar(urls["resolution"], "SELECT count(*) FROM cases") == 25
            and await scalar(
                urls["notification"], "SELECT count(*) FROM messages WHERE status = 'SENT'"
            )
            == 25
            and await scalar(
                urls["reporting"],
                "SELECT count(*) FROM complaint_facts"
                " WHERE status = 'ASSIGNED' AND submitted_at IS NOT NULL",
            )
            == 25
            and await scalar(
                urls["intake"], "SELECT count(*) FROM complaints WHERE status = 'ASSIGNED'"
            )
            == 25
            # Nothing left to deliver, the SMS' statuses included.
            and all(
                [
                    await scalar(urls[p], pending) == 0
                    for p in ("intake", "resolution", "notification")
                ]
            )
        )

    await eventually(all_applied)
    # Exactly once: one inbox row per event.
    assert await scalar(urls["resolution"], "SELECT count(*) FROM inbox_events") == 25
    # Each complaint, its case, and its acknowledgement's SMS sent.
    assert await scalar(urls["reporting"], "SELECT count(*) FROM inbox_events") == 75

    request, reply = replies[0]
    status = await intake.GetComplaintStatus(
        intake_pb2.GetComplaintStatusRequest(
            tracking_code=reply.tracking_code, phone=request.complaint.citizen.phone
        )
    )
    assert status.status == types_pb2.CASE_STATUS_ASSIGNED


async def test_a_redelivered_event_changes_nothing(system, intake):
    await submit(intake, Complaints(2), 1)
    urls = system.database_urls
    await eventually(lambda: _count(urls["notification"], "messages", 1))
    envelope = envelope_pb2.EventEnvelope.FromString(
        await scalar(urls["intake"], "SELECT envelope FROM outbox_events")
    )
    async with system.channel("notification", "intake") as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        reply = await consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope))
    assert reply.already_applied
    assert await scalar(urls["notification"], "SELECT count(*) FROM messages") == 1


async def test_an_event_type_the_consumer_does_not_know_is_not_acknowledged(system):
    unknown = envelope_pb2.DeliverEventRequest(
        event=envelope_pb2.EventEnvelope(event_id="3b0c1a9e-8f8e-4a53-9a5e-2f0d7c1b9e11")
    )
    unknown.event.payload.Pack(types_pb2.Warning(code="X"))
    async with system.channel("reporting", "intake") as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        try:
            await consumer.DeliverEvent(unknown)
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.UNIMPLEMENTED
        else:
            raise AssertionError("an unknown event type was acknowledged")
    assert await scalar(system.database_urls["reporting"], "SELECT count(*) FROM inbox_events") == 0


def _submitted(complaints: Complaints) -> envelope_pb2.EventEnvelope:
    event = ComplaintSubmitted(
        complaint_id=str(uuid.uuid4()), tracking_code="ABCDE12345", complaint=complaints.message()
    )
    return envelope_for("intake", event)


async def test_a_batch_applies_its_events_and_reports_a_refused_one_alone(system):
    complaints = Complaints(6)
    first, second = _submitted(complaints), _submitted(complaints)
    # A complaint id that is not a UUID: reporting refuses the event.
    refused = envelope_for(
        "intake",
        ComplaintSubmitted(
            complaint_id="not-a-uuid", tracking_code="ABCDE12345", complaint=complaints.message()
        ),
    )
    unknown = envelope_pb2.EventEnvelope(event_id=str(uuid.uuid4()), producer="test")
    unknown.payload.Pack(types_pb2.Warning(code="X"))
    batch = envelope_pb2.DeliverEventsRequest(
        events=[envelope_pb2.BatchedEvent(event=e) for e in (first, refused, second, unknown)]
    )
    url = system.database_urls["reporting"]
    async with system.channel("reporting", "intake") as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        reply = await consumer.DeliverEvents(batch)
        codes = [r.status.code for r in reply.results]
        assert codes == [
            code_pb2.OK,
            code_pb2.INVALID_ARGUMENT,
            code_pb2.OK,
            code_pb2.UNIMPLEMENTED,
        ]
        assert [r.already_applied for r in reply.results] == [False] * 4
        received = await fetch(url, "SELECT event_id::text AS id FROM inbox_events")
        assert sorted(row.id for row in received) == sorted([first.event_id, second.event_id])
        assert await scalar(url, "SELECT count(*) FROM complaint_facts") == 2

        # Delivered again: the applied ones are acknowledged without effect, the refused ones
        # are still refused.
        again = await consumer.DeliverEvents(batch)
    assert [r.status.code for r in again.results] == codes
    assert [r.already_applied for r in again.results] == [True, False, True, False]
    assert await scalar(url, "SELECT count(*) FROM inbox_events") == 2
    assert await scalar(url, "SELECT count(*) FROM complaint_facts") == 2


async def test_a_refused_event_stays_in_the_outbox_with_its_error_while_the_others_pass(
    system, intake
):
    urls = system.database_urls
    engine = create_async_engine(urls["resolution"])
    async with engine.begin() as conn:
        (refused,) = await publish(conn, "resolution", [CaseStatusChanged(complaint_id="bad")])
    await engine.dispose()
    await submit(intake, Complaints(7), 3)

    async def the_others_passed():
        assigned = "SELECT count(*) FROM complaints WHERE status = 'ASSIGNED'"
        kept = (
            "SELECT count(*) FROM outbox_deliveries WHERE event_id = :id AND consumer = 'intake'"
            " AND delivered_at IS NULL AND last_error LIKE 'INVALID_ARGUMENT:%'"
        )
        return (
            await scalar(urls["intake"], assigned) == 3
            and await scalar(urls["resolution"], kept, id=uuid.UUID(refused)) == 1
        )

    await eventually(the_others_passed)
    assert await scalar(urls["intake"], "SELECT count(*) FROM inbox_events") == 3


async def _count(url, table, expected):
    return await scalar(url, f"SELECT count(*) FROM {table}") == expected
