"""The weekly reports: drafts as the figures of the moment, written only when they change and
generated for every district on Friday morning; submission, lateness and the province's view."""

import random
from datetime import date, timedelta

import grpc
import pytest

from phananh.reporting.v1 import reporting_pb2 as pb
from phananh_common.database import create_engine
from phananh_common.outbox import envelope_for
from reporting.service.reports import Reports
from tests.harness import scalar
from tests.integration.report_script import (
    DISTRICT_731_W40,
    local,
    random_script,
    script,
)
from tests.integration.reports import numbers


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
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40", note="đã rà soát"),
            metadata=reporting.district("731"),
        )
    ).report
    assert sent.status == pb.WEEKLY_REPORT_STATUS_SUBMITTED and sent.note == "đã rà soát"

    clock.now = local(8, 11)  # an hour after the deadline
    late = (
        await api.SubmitWeeklyReport(
            pb.SubmitWeeklyReportRequest(unit_code="732", week="2021-W40"),
            metadata=reporting.district("732"),
        )
    ).report
    assert late.status == pb.WEEKLY_REPORT_STATUS_LATE
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await api.SubmitWeeklyReport(
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40"),
            metadata=reporting.district("731"),
        )
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


async def test_reading_an_unchanged_draft_does_not_write_it_again(reporting, clock):
    """The draft is written when its figures change, not at every read."""
    events = script()
    for producer, event in events[:-1]:
        await reporting.deliver(envelope_for(producer, event))
    url, api = reporting.database_urls["reporting"], reporting.api
    request = pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40")
    row_version = "SELECT xmin::text FROM weekly_reports WHERE unit_code = '731'"
    first = (await api.GetWeeklyReport(request)).report
    version = await scalar(url, row_version)

    clock.now += timedelta(minutes=5)
    again = (await api.GetWeeklyReport(request)).report
    assert again.generated_at == first.generated_at and again.totals == first.totals
    assert await scalar(url, row_version) == version  # the row was not written at all

    await reporting.deliver(envelope_for(*events[-1]))  # c9 found a duplicate: figures move
    moved = (await api.GetWeeklyReport(request)).report
    assert moved.totals != first.totals
    assert moved.generated_at.ToDatetime() == clock.now.replace(tzinfo=None)
    assert await scalar(url, row_version) != version


async def test_the_stored_draft_is_the_figures_of_the_moment_as_events_and_time_pass(
    reporting, clock
):
    """A draft is read as stored while current: after any events, and as complaints fall due
    with the clock alone, it equals the week's summary computed at that moment."""
    rng = random.Random(40)
    events = random_script(rng, 120, clock.now)
    request = pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40")
    week = {
        "from_date": {"year": 2021, "month": 10, "day": 1},
        "to_date": {"year": 2021, "month": 10, "day": 7},
    }
    for start in range(0, len(events) + 30, 30):
        for producer, event in events[start : start + 30]:
            await reporting.deliver(envelope_for(producer, event))
        for step in (timedelta(0), timedelta(hours=rng.choice([1, 5, 13, 29]))):
            clock.now += step
            report = (await reporting.api.GetWeeklyReport(request)).report
            summary = await reporting.api.GetSummary(pb.GetSummaryRequest(unit_code="731", **week))
            assert report.totals == summary.figures
            # The same figures by unit (the summary adds each unit's backlog against its
            # deadline, which a week's report does not hold).
            figures = lambda rows: [(r.unit_code, r.unit_name, r.figures) for r in rows]  # noqa: E731
            assert figures(report.rows) == figures(summary.by_unit)
    assert report.totals.overdue > 0 and report.totals.received > 0


async def test_a_report_cannot_be_sent_before_its_period_ends(reporting, clock):
    clock.now = local(7, 23)  # Thursday night
    with pytest.raises(grpc.aio.AioRpcError) as early:
        await reporting.api.SubmitWeeklyReport(
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40"),
            metadata=reporting.district("731"),
        )
    assert early.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert (
        await scalar(reporting.database_urls["reporting"], "SELECT count(*) FROM weekly_reports")
        == 0
    )


async def test_drafts_are_generated_for_every_district_on_friday_morning(
    reporting, database_urls, clock
):
    for producer, event in script():
        await reporting.deliver(envelope_for(producer, event))
    clock.now = local(8, 8)
    engine = create_engine(database_urls["reporting"], 1)
    try:
        await Reports(engine, "75", date(2021, 10, 15), clock).generate_drafts()
    finally:
        await engine.dispose()
    status = await reporting.api.GetWeeklyStatus(pb.GetWeeklyStatusRequest())
    assert status.week == "2021-W40"
    assert {d.status for d in status.districts} == {pb.WEEKLY_REPORT_STATUS_DRAFT}
    assert not any(d.late for d in status.districts)
    stored = await scalar(
        database_urls["reporting"],
        "SELECT figures->'totals'->>'received' FROM weekly_reports WHERE unit_code = '731'",
    )
    assert stored == "5"
