"""Reporting as the producers' relays feed it: events over gRPC (reordered and redelivered),
then the summary, the weekly report and its submission, the province's view, the dashboard
and the rebuild of the projection from the producers' outboxes."""

import contextlib
import functools
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest
from google.rpc import error_details_pb2

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.events.v1.resolution_events_pb2 import OUTCOME_KIND_RESOLVED
from phananh.notification.v1 import notification_pb2
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.channels import Channels
from phananh_common.config import Topology
from phananh_common.database import create_engine
from phananh_common.grpc_errors import status_details
from phananh_common.outbox import envelope_for, publish
from phananh_common.protoconv import enum_value, from_datetime
from phananh_common.relay import OutboxRelay
from phananh_common.server import RunningService
from phananh_common.service_tokens import ServiceTokenSigner
from reporting.domain.facts import Fact, fact_of
from reporting.domain.figures import Figures, daily, figures_of, open_stock
from reporting.domain.periods import Period, local_day
from reporting.server import build
from reporting.service.rebuild import rebuild
from reporting.service.reports import Reports
from reporting.store.tables import complaint_facts
from tests.harness import InProcessSystem, bearer, execute, fetch, scalar, service_channel
from tests.integration.report_script import (
    COMMUNE_25993_W40,
    DISTRICT_731_W40,
    PROVINCE_ALL_TIME,
    local,
    random_script,
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
    key = system.service_key
    # Reads as a province admin through the gateway; each district's officers send its weekly
    # report; each producer delivers its own events.
    token = system.token("PROVINCE_ADMIN", "75")
    async with contextlib.AsyncExitStack() as stack:
        channel = await stack.enter_async_context(
            service_channel(target, "reporting", key, token=token)
        )
        producers = {
            p: await stack.enter_async_context(service_channel(target, "reporting", key, p))
            for p in ("intake", "resolution", "notification")
        }
        yield Reporting(channel, producers, database_urls, service.port, system)
    await service.stop()


class Reporting:
    def __init__(self, channel, producers: dict, database_urls, port, system):
        self.port = port
        self.system = system
        self.api = reporting_pb2_grpc.ReportingServiceStub(channel)
        self.consumers = {
            p: envelope_pb2_grpc.EventConsumerServiceStub(c) for p, c in producers.items()
        }
        self.database_urls = database_urls

    def district(self, unit_code: str) -> tuple:
        """The call metadata of an officer of that district."""
        return bearer(self.system.token("DISTRICT_OFFICER", unit_code))

    async def deliver(self, envelope) -> bool:
        consumer = self.consumers[envelope.producer]
        reply = await consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope))
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


FINAL_STATUSES = [
    enum_value(types_pb2.CaseStatus, s) for s in ("RESOLVED", "REJECTED", "DUPLICATE")
]


def message_status(complaint_id: str, kind: str, status: str, at: datetime):
    """Notification's event: the message to the citizen about the complaint changed status."""
    event = MessageStatusChanged(
        message_id=f"{complaint_id[:8]}-{kind}",
        complaint_id=complaint_id,
        kind=enum_value(notification_pb2.MessageKind, kind),
        status=enum_value(notification_pb2.MessageStatus, status),
        changed_at=from_datetime(at),
    )
    return envelope_for("notification", event)


async def test_outcome_sms_delivered_or_failed_in_the_summary_and_the_weekly_report(reporting):
    events = script()
    for producer, event in events:
        await reporting.deliver(envelope_for(producer, event))
    # The outcomes of W40 in district 731, in order: c1 resolved, c2 and c3 rejected, c9
    # duplicate.
    c1, c2, c3, c9 = (
        (e.complaint_id, e.outcome.decided_at.ToDatetime(tzinfo=UTC))
        for producer, e in events
        if producer == "resolution" and e.status in FINAL_STATUSES
    )
    hour = timedelta(hours=1)
    for envelope in [
        # Delivered, its report before its sending: the newer status stands.
        message_status(c1[0], "RESOLVED", "DELIVERED", c1[1] + 2 * hour),
        message_status(c1[0], "RESOLVED", "SENT", c1[1] + hour),
        message_status(c2[0], "REJECTED", "FAILED", c2[1] + hour),
        # Failed, then re-driven by an operator and delivered.
        message_status(c3[0], "REJECTED", "FAILED", c3[1] + hour),
        message_status(c3[0], "REJECTED", "DELIVERED", c3[1] + 3 * hour),
        message_status(c9[0], "DUPLICATE", "DELIVERED", c9[1] + hour),
        # Not an outcome: not counted.
        message_status(c2[0], "COMPLAINT_RECEIVED", "DELIVERED", c2[1]),
    ]:
        assert not await reporting.deliver(envelope)
    assert await reporting.deliver(envelope)  # redelivered: nothing changes

    w40 = {
        "from_date": {"year": 2021, "month": 10, "day": 1},
        "to_date": {"year": 2021, "month": 10, "day": 7},
    }
    figures = (await reporting.api.GetSummary(pb.GetSummaryRequest(unit_code="731", **w40))).figures
    expected = (3, 1, 0.75)  # of four outcomes
    found = (
        figures.outcome_sms_delivered,
        figures.outcome_sms_failed,
        figures.outcome_sms_delivered_rate,
    )
    assert found == expected
    report = (
        await reporting.api.GetWeeklyReport(
            pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40")
        )
    ).report
    assert report.totals.outcome_sms_delivered == 3 and report.totals.outcome_sms_failed == 1
    assert report.totals.outcome_sms_delivered_rate == 0.75


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
            assert report.totals == summary.figures and report.rows == summary.by_unit
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


@pytest.mark.parametrize(
    ("call", "request_", "fields"),
    [
        (
            "GetSummary",
            pb.GetSummaryRequest(
                from_date={"year": 2021, "month": 10, "day": 8},
                to_date={"year": 2021, "month": 10, "day": 1},
            ),
            ["to_date"],
        ),
        (
            "GetSummary",
            pb.GetSummaryRequest(to_date={"year": 2021, "month": 2, "day": 30}),
            ["to_date"],
        ),
        (
            "GetSummary",
            pb.GetSummaryRequest(
                from_date={"year": 1, "month": 1, "day": 1},
                to_date={"year": 9999, "month": 12, "day": 31},
            ),
            ["from_date", "to_date"],
        ),
        ("GetWeeklyReport", pb.GetWeeklyReportRequest(unit_code="731", week="2021-W54"), ["week"]),
        (
            "GetWeeklyReport",
            pb.GetWeeklyReportRequest(unit_code="25993", week="2021-W40"),
            ["unit_code"],
        ),
        ("GetWeeklyReport", pb.GetWeeklyReportRequest(unit_code="731", week="2021-W45"), ["week"]),
        (
            "ExportWeeklyReport",
            pb.ExportWeeklyReportRequest(unit_code="731", week="2021-W40"),
            ["format"],
        ),
        (
            "SubmitWeeklyReport",
            pb.SubmitWeeklyReportRequest(unit_code="731", week="x"),
            ["week"],
        ),
        (
            "SubmitWeeklyReport",
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40", note="x" * 2001),
            ["note"],
        ),
        ("GetWeeklyStatus", pb.GetWeeklyStatusRequest(week="2021-W54"), ["week"]),
        ("GetChart", pb.GetChartRequest(), ["kind"]),
        ("GetChart", pb.GetChartRequest(kind=pb.CHART_KIND_UNITS, lang="fr"), ["lang"]),
        (
            "GetDashboard",
            pb.GetDashboardRequest(from_date={"year": 2020, "month": 1, "day": 1}),
            ["from_date"],
        ),
    ],
)
async def test_bad_input_names_each_field_and_changes_nothing(reporting, call, request_, fields):
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        district = reporting.district("731") if call == "SubmitWeeklyReport" else None
        await getattr(reporting.api, call)(request_, metadata=district)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = status_details(raised.value)
    bad_request = error_details_pb2.BadRequest()
    next(d for d in status.details if d.Unpack(bad_request))
    assert [v.field for v in bad_request.field_violations] == fields
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


async def test_dashboard_burndown_ageing_and_charts(reporting, clock):
    for producer, event in script():
        await reporting.deliver(envelope_for(producer, event))
    request = pb.GetDashboardRequest(
        unit_code="731",
        from_date={"year": 2021, "month": 10, "day": 1},
        to_date={"year": 2021, "month": 10, "day": 7},
        deadline={"year": 2021, "month": 10, "day": 15},
    )
    dashboard = await reporting.api.GetDashboard(request)
    backlog = [(b.day.day, b.open) for b in dashboard.burndown]
    # Open at the end of each day: c3 and c5 from September, then arrivals and decisions.
    assert backlog == [(1, 3), (2, 4), (3, 3), (4, 3), (5, 2), (6, 2), (7, 3)]
    # The target line falls from 3 on 1 October to 0 on the 15th: 8 of 14 days left on the 7th.
    assert dashboard.burndown[0].target == 3.0
    assert dashboard.burndown[-1].target == round(3 * 8 / 14, 1)
    assert {a.label: a.open for a in dashboard.ageing} == {"0-2": 1, "3-5": 1, "6-7": 0, ">7": 1}
    assert dashboard.figures.received == 5 and len(dashboard.by_unit) == 25
    # Without a deadline: the day of PHANANH_BACKLOG_DUE_AT, the order's 15 October.
    request.ClearField("deadline")
    assert (await reporting.api.GetDashboard(request)).burndown == dashboard.burndown

    chart = await reporting.api.GetChart(
        pb.GetChartRequest(kind=pb.CHART_KIND_BURNDOWN, unit_code="731", deadline=request.deadline)
    )
    assert chart.content_type == "image/svg+xml" and b"<title" in chart.content
    # Vietnamese unless English is asked for, as the dashboard does after its switch.
    assert "Hồ sơ tồn của" in chart.content.decode()
    english = await reporting.api.GetChart(
        pb.GetChartRequest(kind=pb.CHART_KIND_UNITS, unit_code="731", lang="en")
    )
    assert "Pending complaints by unit" in english.content.decode()


def figures_from_facts(facts: list[Fact], unit: str, period: Period, now: datetime) -> Figures:
    """The unit's figures summed from each complaint's own counts, day by day."""
    first, last, today = period.first_day, period.last_day, local_day(now)
    days: Counter = Counter()
    open_rows, overdue_today = [], 0
    for fact in facts:
        days.update(daily(fact))
        for (u, submitted, due, needs_info), n in open_stock(fact).items():
            if u == unit and (last is None or submitted <= last):
                open_rows.append((due < today, needs_info, n))
                overdue_today += n if due == today and fact.due_at < now else 0
    flows: dict[str, Counter] = {}
    for (u, day, measure, key), n in days.items():
        if u == unit and (first or day) <= day <= (last or day):
            flows.setdefault(measure, Counter())[key] += n
    return figures_of(flows, open_rows, overdue_today)


async def test_any_unit_and_period_reads_from_the_roll_ups_what_the_facts_give(reporting, clock):
    rng = random.Random(2021)
    for producer, event in random_script(rng, 150, clock.now):
        await reporting.deliver(envelope_for(producer, event))
    engine = create_engine(reporting.database_urls["reporting"], 1)
    try:
        async with engine.connect() as conn:
            facts = [fact_of(r._mapping) for r in await conn.execute(complaint_facts.select())]
        reports, today = Reports(engine, "75", date(2021, 10, 15), clock), local_day(clock.now)
        unit_codes = ["75", "731", "732", facts[0].unit_code]
        for _ in range(40):
            first = today - timedelta(days=rng.randrange(70))
            last = first + timedelta(days=rng.choice([0, 3, 6, 7, 20, rng.randrange(70)]))
            period = Period(
                None if rng.random() < 0.2 else first, None if rng.random() < 0.2 else last
            )
            found = await reports.figures(unit_codes, period, clock.now)
            for unit in unit_codes:
                assert found[unit] == figures_from_facts(facts, unit, period, clock.now), period
    finally:
        await engine.dispose()


async def test_the_all_time_row_of_each_unit_is_the_sum_of_its_days(reporting, clock):
    events = random_script(random.Random(7), 150, clock.now)
    for producer, event in [*events, *events[:50]]:  # some redelivered
        await reporting.deliver(envelope_for(producer, event))
    rows = await fetch(
        reporting.database_urls["reporting"],
        "SELECT unit_code, span, c.key, c.value::bigint FROM period_counts,"
        " jsonb_each_text(counts) AS c WHERE span IN ('day', 'all')",
    )
    days: dict[str, Counter] = {}
    all_time: dict[str, Counter] = {}
    for unit, span, key, n in rows:
        (all_time if span == "all" else days).setdefault(unit, Counter())[key] += n
    assert all_time == {u: +counts for u, counts in days.items() if +counts}
    assert all_time["75"]["received:MISSING_DOSE"] > 0


async def test_a_rebuild_from_the_producers_outboxes_gives_the_same_numbers(
    reporting, database_urls
):
    # The producers' relays reach this test's reporting server, each as itself.
    topology = Topology(reporting_target=f"127.0.0.1:{reporting.port}")
    key = reporting.system.service_key
    channels = {p: Channels(topology, ServiceTokenSigner(key, p)) for p in ("intake", "resolution")}
    producers = {p: create_engine(database_urls[p], 2) for p in ("intake", "resolution")}
    try:
        for producer, event in script():
            async with producers[producer].begin() as conn:
                await publish(conn, producer, [event])
        for producer in producers:
            await execute(
                database_urls[producer],
                "UPDATE outbox_deliveries SET delivered_at = now() WHERE consumer <> 'reporting'",
            )
        relays = {p: OutboxRelay(e, database_urls[p], channels[p]) for p, e in producers.items()}
        for producer in ("intake", "resolution"):
            while await relays[producer].relay_once():
                pass
        before = await everything(reporting.api)
        assert before[0].figures.received == 9
        draft = await weekly_figures(reporting.api)

        requeued = await rebuild(
            database_urls["reporting"],
            {p: database_urls[p] for p in ("intake", "resolution", "notification")},
        )
        assert requeued == {"intake": 9, "resolution": 13, "notification": 0}  # no SMS sent
        assert await scalar(database_urls["reporting"], "SELECT count(*) FROM complaint_facts") == 0
        assert (await everything(reporting.api))[0].figures.received == 0
        assert (await weekly_figures(reporting.api))[0].received == 0  # not the stored draft
        # This time the cases come before the complaints.
        for producer in ("resolution", "intake"):
            while await relays[producer].relay_once():
                pass
        assert await everything(reporting.api) == before
        assert await weekly_figures(reporting.api) == draft
    finally:
        for producer_channels in channels.values():
            await producer_channels.close()
        for engine in producers.values():
            await engine.dispose()


async def weekly_figures(api) -> tuple:
    request = pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40")
    report = (await api.GetWeeklyReport(request)).report
    return report.totals, list(report.rows)


async def everything(api) -> list:
    """The summaries a rebuild must reproduce: province and district, all time, W40, and
    days around it (from the daily counters, not the weekly ones)."""
    w40 = {
        "from_date": {"year": 2021, "month": 10, "day": 1},
        "to_date": {"year": 2021, "month": 10, "day": 7},
    }
    days = {
        "from_date": {"year": 2021, "month": 9, "day": 29},
        "to_date": {"year": 2021, "month": 10, "day": 5},
    }
    return [
        await api.GetSummary(pb.GetSummaryRequest(unit_code=unit, **period))
        for unit in ("75", "731", "25993")
        for period in ({}, w40, days)
    ]


@pytest.mark.parametrize("unit_code", ["99999", "760"])  # no such unit; another province's
async def test_a_unit_outside_the_callers_is_refused(reporting, unit_code):
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await reporting.api.GetSummary(pb.GetSummaryRequest(unit_code=unit_code))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
