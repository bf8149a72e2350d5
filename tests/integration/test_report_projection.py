"""The projection of the producers' events into the summary: the same counts whatever the
order and redeliveries, outcome SMS counted, and any unit and period read from the roll-ups as
the facts give."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.notification.v1 import notification_pb2
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_common.database import create_engine
from phananh_common.outbox import envelope_for
from phananh_common.protoconv import enum_value, from_datetime
from reporting.domain.facts import Fact, fact_of
from reporting.domain.figures import Figures, daily, figures_of, open_stock
from reporting.domain.periods import Period, local_day
from reporting.service.reports import Reports
from reporting.store.tables import complaint_facts
from tests.harness import fetch
from tests.integration.report_script import (
    COMMUNE_25993_W40,
    DISTRICT_731_W40,
    PROVINCE_ALL_TIME,
    random_script,
    script,
)
from tests.integration.reports import numbers


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
