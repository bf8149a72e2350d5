"""What a complaint adds to the counters, and the figures, percentiles, ageing and burn-down
read back from them."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from reporting.domain.facts import Fact
from reporting.domain.figures import (
    CLOSED,
    ON_TIME,
    OUTCOME_SMS,
    PROCESSING,
    RECEIVED,
    REJECTION,
    ageing,
    bucket_bounds,
    bucket_of,
    burndown,
    changes,
    daily,
    figures_of,
    open_stock,
    percentile_hours,
)

SUBMITTED = datetime(2021, 10, 4, 2, tzinfo=UTC)  # 09:00 local, Monday 4 October


def fact(**changes_) -> Fact:
    values = {
        "submitted_at": SUBMITTED,
        "category": "MISSING_DOSE",
        "unit_code": "25993",  # a commune of district 731, province 75
        "status": "ASSIGNED",
        "due_at": SUBMITTED + timedelta(days=7),
        "decided_at": None,
        "reason_code": "",
    }
    return Fact(**(values | changes_))


def test_a_complaint_counts_in_its_unit_and_every_unit_above():
    counts = daily(fact())
    assert counts == Counter(
        {(u, date(2021, 10, 4), RECEIVED, "MISSING_DOSE"): 1 for u in ("25993", "731", "75")}
    )
    assert set(open_stock(fact())) == {
        (u, date(2021, 10, 4), date(2021, 10, 11), False) for u in ("25993", "731", "75")
    }


def test_a_rejection_counts_on_its_local_decision_day():
    decided = datetime(2021, 10, 5, 18, tzinfo=UTC)  # Wednesday 01:00 local
    rejected = fact(status="REJECTED", decided_at=decided, reason_code="PHOTO_UNREADABLE")
    counts = daily(rejected)
    day = date(2021, 10, 6)
    assert counts["731", day, CLOSED, "REJECTED"] == 1
    assert counts["731", day, REJECTION, "PHOTO_UNREADABLE"] == 1
    assert counts["731", day, ON_TIME, ""] == 1
    assert counts["731", day, PROCESSING, str(bucket_of(40))] == 1
    assert open_stock(rejected) == Counter()


def test_a_late_decision_is_not_on_time_and_a_duplicate_has_no_processing_time():
    late = fact(status="RESOLVED", decided_at=SUBMITTED + timedelta(days=8))
    assert not any(k[2] == ON_TIME for k in daily(late))
    duplicate = fact(status="DUPLICATE", decided_at=SUBMITTED + timedelta(hours=1))
    assert {k[2] for k in daily(duplicate)} == {RECEIVED, CLOSED}


def test_the_outcome_sms_counts_on_the_decision_day_by_its_status():
    decided = SUBMITTED + timedelta(hours=30)
    counts = daily(fact(status="RESOLVED", decided_at=decided, outcome_sms="DELIVERED"))
    assert counts["731", date(2021, 10, 5), OUTCOME_SMS, "DELIVERED"] == 1
    # A case reopened after its outcome: neither closed nor its SMS counted.
    assert not any(k[2] == OUTCOME_SMS for k in daily(fact(outcome_sms="DELIVERED")))
    f = figures_of(
        {
            CLOSED: {"RESOLVED": 3, "DUPLICATE": 1},
            OUTCOME_SMS: {"DELIVERED": 2, "DEAD": 1, "SENT": 1},  # SENT: no report yet
        },
        [],
        overdue_today=0,
    )
    assert (f.outcome_sms_delivered, f.outcome_sms_failed) == (2, 1)
    assert f.outcome_sms_delivered_rate == 0.5
    assert figures_of({}, [], 0).outcome_sms_delivered_rate is None


def test_nothing_counts_before_the_complaint_itself_has_arrived():
    assert daily(fact(submitted_at=None, status="RESOLVED", decided_at=SUBMITTED)) == Counter()
    assert open_stock(fact(submitted_at=None)) == Counter()


def test_changes_move_counts_from_the_old_unit_to_the_new():
    moved = changes(daily(fact()), daily(fact(unit_code="25996")))
    assert moved == {
        ("25993", date(2021, 10, 4), RECEIVED, "MISSING_DOSE"): -1,
        ("25996", date(2021, 10, 4), RECEIVED, "MISSING_DOSE"): 1,
    }
    assert changes(daily(fact()), daily(fact())) == {}


def test_percentiles_come_from_the_buckets():
    assert bucket_bounds(bucket_of(5.2)) == (5.0, 6.0)
    low, high = bucket_bounds(bucket_of(100))
    assert low <= 100 < high and high / low < 1.11
    # Ten decisions at 1..10 hours: the median lies in the fifth hour, p90 in the ninth.
    histogram = Counter(bucket_of(h + 0.5) for h in range(1, 11))
    assert percentile_hours(histogram, 0.5) == 5.5
    assert percentile_hours(histogram, 0.9) == 9.5
    assert percentile_hours({}, 0.5) is None


def test_figures_of_the_counters():
    f = figures_of(
        {
            RECEIVED: {"MISSING_DOSE": 3, "SPLIT_RECORD": 1},
            CLOSED: {"RESOLVED": 2, "REJECTED": 1, "DUPLICATE": 1},
            REJECTION: {"DOB_MISMATCH": 1},
            ON_TIME: {"": 2},
            PROCESSING: {str(bucket_of(10)): 3},
        },
        # Open: one due before today, two not (one waiting for the citizen).
        [(True, False, 1), (False, False, 1), (False, True, 1)],
        overdue_today=1,
    )
    assert (f.received, f.resolved, f.rejected, f.duplicate) == (4, 2, 1, 1)
    assert (f.pending, f.needs_info, f.overdue) == (3, 1, 2)
    assert f.on_time_rate == round(2 / 3, 4)
    # Three decisions in the hour from 10 to 11, spread evenly inside it.
    assert (f.processing_hours_p50, f.processing_hours_p90) == (10.5, 10.8)
    assert f.rejection_reasons == {"DOB_MISMATCH": 1}
    assert f.received_by_category == {"MISSING_DOSE": 3, "SPLIT_RECORD": 1}
    assert figures_of({}, [], 0).on_time_rate is None


def test_ageing_buckets_of_open_complaints():
    today = date(2021, 10, 20)
    opened = [(today - timedelta(days=age), 1) for age in (0, 2, 3, 5, 6, 7, 8, 30)]
    assert ageing(opened, today) == {"0-2": 2, "3-5": 2, "6-7": 2, ">7": 2}


def test_burndown_against_the_deadline_line():
    first = date(2021, 10, 10)
    changes_ = [
        (date(2021, 10, 1), RECEIVED, 10),  # before the window: the starting backlog
        (date(2021, 10, 2), CLOSED, 2),
        (date(2021, 10, 10), CLOSED, 4),
        (date(2021, 10, 11), RECEIVED, 1),
        (date(2021, 10, 12), CLOSED, 5),
    ]
    days = burndown(changes_, first, date(2021, 10, 13), deadline=date(2021, 10, 12))
    assert [(d.day.day, d.open) for d in days] == [(10, 4), (11, 5), (12, 0), (13, 0)]
    assert [d.target for d in days] == [4.0, 2.0, 0.0, 0.0]
    assert all(d.target is None for d in burndown(changes_, first, first, deadline=first))
