"""A submitted complaint reaches every consumer exactly once, and the citizen's status
follows the case that resolution opened."""

import grpc

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.intake.v1 import intake_pb2
from phananh.types.v1 import types_pb2
from tests.factories import Complaints
from tests.harness import eventually, scalar


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
    async with grpc.aio.insecure_channel(system.target("notification")) as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        reply = await consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope))
    assert reply.already_applied
    assert await scalar(urls["notification"], "SELECT count(*) FROM messages") == 1


async def test_an_event_type_the_consumer_does_not_know_is_not_acknowledged(system):
    unknown = envelope_pb2.DeliverEventRequest(
        event=envelope_pb2.EventEnvelope(event_id="3b0c1a9e-8f8e-4a53-9a5e-2f0d7c1b9e11")
    )
    unknown.event.payload.Pack(types_pb2.Warning(code="X"))
    async with grpc.aio.insecure_channel(system.target("reporting")) as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        try:
            await consumer.DeliverEvent(unknown)
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.UNIMPLEMENTED
        else:
            raise AssertionError("an unknown event type was acknowledged")
    assert await scalar(system.database_urls["reporting"], "SELECT count(*) FROM inbox_events") == 0


async def _count(url, table, expected):
    return await scalar(url, f"SELECT count(*) FROM {table}") == expected
