"""Reporting as the producers' relays feed it: events over gRPC (reordered and redelivered),
then the summary, the weekly report and its submission, the province's view, the dashboard
and the rebuild of the projection from the producers' outboxes."""

import functools
from datetime import datetime

import grpc
import pytest

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.resolution_events_pb2 import OUTCOME_KIND_RESOLVED
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.outbox import envelope_for
from phananh_common.protoconv import enum_value
from phananh_common.server import RunningService
from reporting.server import build
from tests.harness import InProcessSystem, scalar
from tests.integration.report_script import (
    COMMUNE_25993_W40,
    DISTRICT_731_W40,
    PROVINCE_ALL_TIME,
    local,
    script,
)


class Clock:
    """The time the service believes it is; tests move it, nothing sleeps."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(local(8, 9))  # Friday 8 October 2021, 09:00: before W40's deadline


@pytest.fixture
async def reporting(database_urls, clock):
    system = InProcessSystem(database_urls)
    service = RunningService(system.settings("reporting"), functools.partial(build, clock=clock))
    await service.start()
    target = f"127.0.0.1:{service.port}"
    async with grpc.aio.insecure_channel(target) as channel:
        yield Reporting(channel, database_urls)
    await service.stop()


class Reporting:
    def __init__(self, channel, database_urls):
        self.api = reporting_pb2_grpc.ReportingServiceStub(channel)
        self.consumer = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        self.database_urls = database_urls

    async def deliver(self, envelope) -> bool:
        reply = await self.consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope))
        return reply.already_applied


def resolved_after(events, status: str):
    """The next version of the first case in `status`: resolved, now."""
    _, event = next(
        e
        for e in events
        if e[0] == "resolution" and e[1].status == enum_value(types_pb2.CaseStatus, status)
    )
    resolved = type(event)()
    resolved.CopyFrom(event)
    resolved.version += 1
    resolved.status = types_pb2.CASE_STATUS_RESOLVED
    resolved.outcome.kind = OUTCOME_KIND_RESOLVED
    return resolved


def numbers(figures: pb.ReportFigures, expected: dict) -> dict:
    """The fields of `figures` that `expected` names, as plain values."""
    found = {}
    for name in expected:
        value = getattr(figures, name)
        found[name] = dict(value) if name == "rejection_reasons" else value
    return found


async def test_counts_match_the_cases_whatever_the_order_and_redeliveries(reporting):
    envelopes = [envelope_for(producer, event) for producer, event in script()]
    # The case events first, newest first, then the complaints: the worst order there is.
    cases = [e for e in envelopes if e.producer == "resolution"]
    complaints = [e for e in envelopes if e.producer == "intake"]
    for envelope in [*reversed(cases), *complaints]:
        assert not await reporting.deliver(envelope)
    # Every event again: acknowledged, nothing changes.
    for envelope in envelopes:
        assert await reporting.deliver(envelope)

    summary = await reporting.api.GetSummary(
        pb.GetSummaryRequest(
            unit_code="731",
            from_date={"year": 2021, "month": 10, "day": 1},
            to_date={"year": 2021, "month": 10, "day": 7},
        )
    )
    assert numbers(summary.figures, DISTRICT_731_W40) == DISTRICT_731_W40
    assert summary.figures.processing_hours_p50 == pytest.approx(48, rel=0.1)
    assert summary.figures.processing_hours_p90 == pytest.approx(360, rel=0.1)
    rows = {r.unit_code: r for r in summary.by_unit}
    assert len(rows) == 25  # every commune of the district, quiet ones too
    assert numbers(rows["25993"].figures, COMMUNE_25993_W40) == COMMUNE_25993_W40
    assert rows["25996"].figures.received == 0 and rows["25993"].unit_name == "Phường Trảng Dài"

    province = await reporting.api.GetSummary(pb.GetSummaryRequest())
    assert province.unit_code == "75"
    assert numbers(province.figures, PROVINCE_ALL_TIME) == PROVINCE_ALL_TIME
    districts = {r.unit_code: r.figures for r in province.by_unit}
    assert (districts["731"].received, districts["732"].received) == (7, 1)
    # The one held by the province queue counts for the province only.
    assert sum(d.received for d in districts.values()) == 8


async def test_a_stale_case_event_does_not_undo_a_newer_one(reporting):
    events = script()
    for producer, event in events:
        await reporting.deliver(envelope_for(producer, event))
    # c1's first event (ASSIGNED, version 1) arrives again as a new delivery after RESOLVED.
    _, assigned = next(e for e in events if e[0] == "resolution")
    assert not await reporting.deliver(envelope_for("resolution", assigned))
    province = await reporting.api.GetSummary(pb.GetSummaryRequest())
    assert numbers(province.figures, PROVINCE_ALL_TIME) == PROVINCE_ALL_TIME


async def test_weekly_report_submission_and_the_province_view(reporting, clock):
    for producer, event in script():
        await reporting.deliver(envelope_for(producer, event))
    api = reporting.api

    draft = (
        await api.GetWeeklyReport(pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40"))
    ).report
    assert draft.status == pb.WEEKLY_REPORT_STATUS_DRAFT
    assert draft.period_start.ToDatetime().isoformat() == "2021-09-30T17:00:00"
    assert draft.period_end.ToDatetime().isoformat() == "2021-10-07T17:00:00"
    assert draft.deadline.ToDatetime().isoformat() == "2021-10-08T03:00:00"
    assert numbers(draft.totals, DISTRICT_731_W40) == DISTRICT_731_W40
    assert len(draft.rows) == 25

    clock.now = local(8, 9) + (local(8, 10) - local(8, 9)) / 2  # 09:30
    sent = (
        await api.SubmitWeeklyReport(
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40", note="đã rà soát")
        )
    ).report
    assert sent.status == pb.WEEKLY_REPORT_STATUS_SUBMITTED and sent.note == "đã rà soát"

    clock.now = local(8, 11)  # an hour after the deadline
    late = (
        await api.SubmitWeeklyReport(pb.SubmitWeeklyReportRequest(unit_code="732", week="2021-W40"))
    ).report
    assert late.status == pb.WEEKLY_REPORT_STATUS_LATE
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await api.SubmitWeeklyReport(pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40"))
    assert again.value.code() == grpc.StatusCode.ALREADY_EXISTS

    status = await api.GetWeeklyStatus(pb.GetWeeklyStatusRequest(week="2021-W40"))
    by_district = {d.unit_code: d for d in status.districts}
    assert len(by_district) == 11
    assert by_district["731"].status == pb.WEEKLY_REPORT_STATUS_SUBMITTED
    assert not by_district["731"].late
    assert by_district["732"].status == pb.WEEKLY_REPORT_STATUS_LATE and by_district["732"].late
    assert by_district["734"].status == pb.WEEKLY_REPORT_STATUS_MISSING and by_district["734"].late
    assert by_district["731"].submitted_at.ToDatetime().isoformat() == "2021-10-08T02:30:00"

    kept = (
        await api.GetWeeklyReport(pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40"))
    ).report
    assert kept.status == pb.WEEKLY_REPORT_STATUS_SUBMITTED
    assert kept.generated_at == sent.generated_at and kept.totals == sent.totals


async def test_a_report_cannot_be_sent_before_its_period_ends(reporting, clock):
    clock.now = local(7, 23)  # Thursday night
    with pytest.raises(grpc.aio.AioRpcError) as early:
        await reporting.api.SubmitWeeklyReport(
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40")
        )
    assert early.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert (
        await scalar(reporting.database_urls["reporting"], "SELECT count(*) FROM weekly_reports")
        == 0
    )
