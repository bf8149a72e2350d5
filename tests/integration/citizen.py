"""What the citizen-side tests share: facilities to claim, complaints submitted through the
gateway, the fields of a refusal (over HTTP and gRPC), intake's row counts, and resolution's
decisions delivered to intake as resolution's relay delivers them."""

import uuid
from datetime import UTC, datetime

import grpc
import pytest

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.resolution_events_pb2 import CaseOutcome, CaseStatusChanged
from phananh.types.v1 import types_pb2
from phananh_common.outbox import envelope_for
from phananh_common.protoconv import from_datetime
from tests.factories import Complaints
from tests.harness import scalar
from tests.vaccination_papers import small_png

FACILITIES_CSV = (
    "code,name,district_code,commune_code\n"
    "F731001,Trạm Y tế Phường Trung Dũng,731,26041\n"
    "F732001,Bệnh viện Đa khoa Long Khánh,732,\n"
)
PNG = small_png()


async def import_facilities(http, admin: dict[str, str]) -> None:
    reply = await http.post(
        "/api/v1/facilities:import",
        content=FACILITIES_CSV.encode(),
        headers={"content-type": "text/csv", **admin},
    )
    assert reply.status_code == 200, reply.text


async def refused_field(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return raised.value.code(), raised.value.details()


async def decide(system, tracking_code: str, status: str, version: int, **outcome) -> None:
    """Resolution's CaseStatusChanged for the complaint, delivered to intake."""
    url = system.database_urls["intake"]
    code = tracking_code.replace("-", "")
    complaint_id = await scalar(
        url, "SELECT complaint_id FROM complaints WHERE tracking_code = :c", c=code
    )
    event = CaseStatusChanged(
        case_id=str(uuid.uuid4()),
        complaint_id=str(complaint_id),
        tracking_code=code,
        status=types_pb2.CaseStatus.Value(f"CASE_STATUS_{status}"),
        unit_code="731",
        due_at=from_datetime(datetime(2021, 10, 8, tzinfo=UTC)),
        version=version,
    )
    if outcome:
        event.outcome.CopyFrom(CaseOutcome(**outcome))
    async with system.channel("intake", "resolution") as channel:
        consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        await consumer.DeliverEvent(
            envelope_pb2.DeliverEventRequest(event=envelope_for("resolution", event))
        )


def violations(reply) -> list[str]:
    return [v["field"] for v in reply.json()["error"]["field_violations"]]


async def count(system, sql: str, **params) -> int:
    return await scalar(system.database_urls["intake"], sql, **params)


async def submitted(http, seed: int) -> tuple[str, str]:
    body = Complaints(seed).json()
    reply = await http.post("/api/v1/complaints", json=body)
    return reply.json()["tracking_code"], body["citizen"]["phone"]
