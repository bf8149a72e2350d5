"""What the tests of case work share: resolution alone with a clock the test moves, intake's
events delivered to it as intake's relay would, and complaints to deliver."""

import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from functools import partial

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.intake_events_pb2 import (
    ClaimedFacility,
    ComplaintSubmitted,
    ComplaintSupplemented,
)
from phananh.resolution.v1 import resolution_pb2_grpc
from phananh_common.outbox import envelope_for
from phananh_common.protoconv import from_datetime
from phananh_common.server import RunningService
from resolution.server import build
from tests.factories import Complaints
from tests.harness import InProcessSystem, scalar

START = datetime(2021, 10, 4, 2, 0, tzinfo=UTC)
# Facilities as intake knows them (code → district, commune).
FACILITIES = {"F731001": ("731", "26041"), "F732001": ("732", ""), "F731025": ("731", "25993")}


class Clock:
    """Now, as the test decides."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@asynccontextmanager
async def resolution_alone(system: InProcessSystem, clock: Clock):
    """Resolution's server with the test's clock, and a channel to it from the gateway."""
    running = RunningService(system.settings("resolution"), partial(build, clock=clock))
    await running.start()
    try:
        async with system.channel("resolution") as channel:
            yield channel
    finally:
        await running.stop()


def stub(channel) -> resolution_pb2_grpc.ResolutionServiceStub:
    return resolution_pb2_grpc.ResolutionServiceStub(channel)


async def deliver(system: InProcessSystem, producer: str, message) -> None:
    """The event delivered to the system's resolution by its producer (its identity)."""
    async with system.channel("resolution", producer) as channel:
        await envelope_pb2_grpc.EventConsumerServiceStub(channel).DeliverEvent(
            envelope_pb2.DeliverEventRequest(event=envelope_for(producer, message))
        )


def submitted(
    complaints: Complaints, submitted_at: datetime, address=("731", "25993"), **changes
) -> ComplaintSubmitted:
    """A complaint as intake publishes it; `changes` replace fields of the complaint's JSON."""
    complaint = complaints.message(**changes)
    complaint.citizen.address.district_code, complaint.citizen.address.commune_code = address
    codes = {d.facility_code for d in complaint.claimed_doses if d.facility_code}
    return ComplaintSubmitted(
        complaint_id=str(uuid.uuid4()),
        tracking_code=uuid.uuid4().hex[:10].upper(),
        complaint=complaint,
        submitted_at=from_datetime(submitted_at),
        facilities=[
            ClaimedFacility(code=c, district_code=FACILITIES[c][0], commune_code=FACILITIES[c][1])
            for c in sorted(codes)
        ],
    )


def supplemented(event: ComplaintSubmitted, at: datetime) -> ComplaintSupplemented:
    return ComplaintSupplemented(
        complaint_id=event.complaint_id,
        tracking_code=event.tracking_code,
        description="Đã gửi ảnh giấy xác nhận",
        supplemented_at=from_datetime(at),
    )


async def case_of(system: InProcessSystem, event: ComplaintSubmitted, column: str = "unit_code"):
    return await scalar(
        system.database_urls["resolution"],
        f"SELECT {column} FROM cases WHERE complaint_id = :c",
        c=uuid.UUID(event.complaint_id),
    )
