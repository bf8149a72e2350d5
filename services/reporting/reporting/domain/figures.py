"""What one complaint adds to reporting's counters, and the report figures read back from
them. No I/O.

The complaint's fact row is the source of truth; each counter is the sum of `daily(fact)` or
`open_stock(fact)` over all facts. An event changes one fact, so the store adds
`counter_changes(before, after)` to the counters in the same transaction: a redelivered or
stale event leaves the fact, and so the counters, as they were. Each day's change is added to
its week's, its month's and the all-time counters too (`rolled_up`), so that a report reads a
few rows per unit."""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from phananh_common import statuses
from phananh_common.errors import Violations
from phananh_common.units import Unit
from reporting.domain.backlog import Backlog
from reporting.domain.facts import Fact, districts_of, handling_units
from reporting.domain.periods import SPANS, local_day, span_start

# The outcomes whose processing time and punctuality count.
DECIDED = (statuses.RESOLVED, statuses.REJECTED)

# Measures of the daily counters, each counted on a local day with a key:
RECEIVED = "received"  # on the submission day, by category
CLOSED = "closed"  # on the decision day, by closed status
REJECTION = "rejection"  # on the decision day, by reason code
PROCESSING = "processing"  # on the decision day, by processing-time bucket (see bucket_of)
ON_TIME = "on_time"  # on the decision day, decided by the deadline
OUTCOME_SMS = "outcome_sms"  # on the decision day, by the status of the SMS telling it

# The statuses of the SMS telling the outcome: delivered, and those of one that will not arrive.
SMS_DELIVERED, SMS_UNDELIVERED = "DELIVERED", ("FAILED", "DEAD", "EXPIRED")

DailyKey = tuple[str, date, str, str]  # unit_code, day, measure, key
CountKey = tuple[str, str, date, str, str]  # unit_code, span, its first day, measure, key
OpenKey = tuple[str, date, date, bool]  # unit_code, submitted day, due day, needs info

AGEING_BUCKETS = (("0-2", 0, 2), ("3-5", 3, 5), ("6-7", 6, 7), (">7", 8, None))


def daily(fact: Fact) -> Counter[DailyKey]:
    counts: Counter[DailyKey] = Counter()
    if fact.submitted_at is None:
        return counts
    closed = fact.status in statuses.CLOSED and fact.decided_at is not None
    for unit in handling_units(fact.unit_code):
        counts[unit, local_day(fact.submitted_at), RECEIVED, fact.category] += 1
        if not closed:
            continue
        day = local_day(fact.decided_at)
        counts[unit, day, CLOSED, fact.status] += 1
        if fact.status == statuses.REJECTED:
            counts[unit, day, REJECTION, fact.reason_code or "OTHER"] += 1
        if fact.status in DECIDED:
            hours = (fact.decided_at - fact.submitted_at).total_seconds() / 3600
            counts[unit, day, PROCESSING, str(bucket_of(hours))] += 1
            if fact.due_at is None or fact.decided_at <= fact.due_at:
                counts[unit, day, ON_TIME, ""] += 1
        if fact.outcome_sms:
            counts[unit, day, OUTCOME_SMS, fact.outcome_sms] += 1
    return counts


def open_stock(fact: Fact) -> Counter[OpenKey]:
    counts: Counter[OpenKey] = Counter()
    if fact.submitted_at is None or fact.status in statuses.CLOSED or fact.due_at is None:
        return counts
    submitted, due = local_day(fact.submitted_at), local_day(fact.due_at)
    for unit in handling_units(fact.unit_code):
        counts[unit, submitted, due, fact.status == statuses.NEEDS_INFO] += 1
    return counts


def changes(before: Counter, after: Counter) -> dict:
    """after − before, without the keys that do not change."""
    delta = {key: after[key] - before[key] for key in before.keys() | after.keys()}
    return {key: n for key, n in delta.items() if n}


def rolled_up(daily_changes: dict[DailyKey, int]) -> dict[CountKey, int]:
    """The changes of each day's counters, and of its week's and month's."""
    counts: Counter[CountKey] = Counter()
    for (unit, day, measure, key), n in daily_changes.items():
        for span in SPANS:
            counts[unit, span, span_start(span, day), measure, key] += n
    return {key: n for key, n in counts.items() if n}


@dataclass(frozen=True)
class CounterChanges:
    """What a change of one fact adds to the counters."""

    periods: dict[CountKey, int]  # the daily changes, rolled up
    open: dict[OpenKey, int]
    districts: list[str]  # whose counters change (in code order): their weekly drafts are stale


def counter_changes(before: Fact, after: Fact) -> CounterChanges:
    daily_changes = changes(daily(before), daily(after))
    open_changes = changes(open_stock(before), open_stock(after))
    districts = districts_of({key[0] for key in (*daily_changes, *open_changes)})
    return CounterChanges(rolled_up(daily_changes), open_changes, districts)


# Processing time is counted in buckets: whole hours below a day, then 10% wide, so that a
# percentile over any period comes from a few dozen rows per unit and day.
_HOURLY_BUCKETS = 24
_GROWTH = 1.1


def bucket_of(hours: float) -> int:
    hours = max(hours, 0.0)
    if hours < _HOURLY_BUCKETS:
        return int(hours)
    return _HOURLY_BUCKETS + int(math.log(hours / _HOURLY_BUCKETS, _GROWTH))


def bucket_bounds(bucket: int) -> tuple[float, float]:
    if bucket < _HOURLY_BUCKETS:
        return float(bucket), float(bucket + 1)
    step = bucket - _HOURLY_BUCKETS
    return _HOURLY_BUCKETS * _GROWTH**step, _HOURLY_BUCKETS * _GROWTH ** (step + 1)


def percentile_hours(histogram: dict[int, int], fraction: float) -> float | None:
    """Nearest rank over the buckets, placed evenly inside its bucket."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for bucket in sorted(histogram):
        n = histogram[bucket]
        if seen + n >= rank:
            low, high = bucket_bounds(bucket)
            return round(low + (high - low) * (rank - seen - 0.5) / n, 1)
        seen += n
    raise AssertionError("unreachable: the ranks add up to the total")


@dataclass
class Figures:
    received: int = 0
    resolved: int = 0
    rejected: int = 0
    duplicate: int = 0
    needs_info: int = 0
    pending: int = 0
    overdue: int = 0
    on_time_rate: float | None = None
    processing_hours_p50: float | None = None
    processing_hours_p90: float | None = None
    rejection_reasons: dict[str, int] = field(default_factory=dict)
    received_by_category: dict[str, int] = field(default_factory=dict)
    outcome_sms_delivered: int = 0
    outcome_sms_failed: int = 0
    outcome_sms_delivered_rate: float | None = None


@dataclass
class UnitFigures:
    unit_code: str
    unit_name: str
    figures: Figures


def figures_of(
    counts: Mapping[str, Mapping[str, int]],
    open_rows: Iterable[tuple[bool, bool, int]],
    overdue_today: int,
) -> Figures:
    """One unit's figures from its counters: `counts`, measure → key → n summed over the
    period's days, `open_rows` (due before today, needs info, n) of the complaints received
    up to the period's end that are open now, and `overdue_today`, those of them due earlier
    today."""
    f = Figures()
    received = counts.get(RECEIVED, {})
    f.received = sum(received.values())
    f.received_by_category = {k: n for k, n in sorted(received.items()) if n}
    closed = counts.get(CLOSED, {})
    f.resolved, f.rejected, f.duplicate = (closed.get(s, 0) for s in statuses.CLOSED)
    f.rejection_reasons = {k: n for k, n in sorted(counts.get(REJECTION, {}).items()) if n}
    histogram = {int(k): n for k, n in counts.get(PROCESSING, {}).items()}
    on_time = sum(counts.get(ON_TIME, {}).values())
    sms = counts.get(OUTCOME_SMS, {})
    f.outcome_sms_delivered = sms.get(SMS_DELIVERED, 0)
    f.outcome_sms_failed = sum(sms.get(s, 0) for s in SMS_UNDELIVERED)
    for due_before_today, needs_info, n in open_rows:
        f.pending += n
        f.needs_info += n if needs_info else 0
        f.overdue += n if due_before_today else 0
    f.overdue += overdue_today
    decided = f.resolved + f.rejected
    f.on_time_rate = round(on_time / decided, 4) if decided else None
    outcomes = decided + f.duplicate
    f.outcome_sms_delivered_rate = (
        round(f.outcome_sms_delivered / outcomes, 4) if outcomes else None
    )
    f.processing_hours_p50 = percentile_hours(histogram, 0.5)
    f.processing_hours_p90 = percentile_hours(histogram, 0.9)
    return f


def ageing(open_by_submitted_day: Iterable[tuple[date, int]], today: date) -> dict[str, int]:
    """Open complaints by days since submission."""
    buckets = dict.fromkeys((label for label, _, _ in AGEING_BUCKETS), 0)
    for day, n in open_by_submitted_day:
        age = (today - day).days
        for label, low, high in AGEING_BUCKETS:
            if age >= low and (high is None or age <= high):
                buckets[label] += n
                break
    return buckets


@dataclass(frozen=True)
class BacklogDay:
    day: date
    open: int
    target: float | None


def burndown(
    received_and_closed: Iterable[tuple[date, str, int]],
    first_day: date,
    last_day: date,
    deadline: date,
) -> list[BacklogDay]:
    """Complaints open at the end of each day (received so far minus closed so far), beside
    the straight line from the first day's backlog to zero on the deadline."""
    change_by_day: Counter[date] = Counter()
    for day, measure, n in received_and_closed:
        change_by_day[day] += n if measure == RECEIVED else -n
    backlog = sum(n for day, n in change_by_day.items() if day < first_day)
    days: list[BacklogDay] = []
    start = None
    day = first_day
    while day <= last_day:
        backlog += change_by_day[day]
        start = backlog if start is None else start
        days.append(BacklogDay(day, backlog, _target(start, first_day, deadline, day)))
        day += timedelta(days=1)
    return days


def _target(start: int, first_day: date, deadline: date, day: date) -> float | None:
    if deadline <= first_day:
        return None
    left = max(0, (deadline - day).days) / (deadline - first_day).days
    return round(start * left, 1)


BURNDOWN_DEFAULT_DAYS = 28
BURNDOWN_MAX_DAYS = 366


def burndown_days(
    first: date | None, last: date | None, today: date, violations: Violations
) -> tuple[date, date]:
    """The burn-down's first and last day: those asked, else the 28 days up to the last one
    (today by default); a violation for more than a year."""
    last_day = last or today
    first_day = first or last_day - timedelta(days=BURNDOWN_DEFAULT_DAYS - 1)
    if (last_day - first_day).days >= BURNDOWN_MAX_DAYS:
        violations.add("from_date", f"the burn-down shows at most {BURNDOWN_MAX_DAYS} days")
    return first_day, last_day


@dataclass
class Summary:
    unit: Unit
    figures: Figures
    by_unit: list[UnitFigures]
    # Each unit's backlog against the deadline, by code (the summary's alone).
    backlogs: dict[str, Backlog] = field(default_factory=dict, kw_only=True)


@dataclass
class Dashboard(Summary):
    deadline: date
    burndown: list[BacklogDay]
    ageing: dict[str, int]
