"""Local days and periods: instants are stored in UTC, but days and weeks are cut in
Asia/Ho_Chi_Minh, where the districts work; and the spans the counters roll up into, so that
any period is read from whole months, whole weeks and a few days. No I/O."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from phananh_common.errors import Violations
from phananh_common.local_time import LOCAL_ZONE as ZONE


def local_day(instant: datetime) -> date:
    return instant.astimezone(ZONE).date()


def start_of(day: date, at: time = time()) -> datetime:
    """The UTC instant of `at` o'clock local time on `day`."""
    return datetime.combine(day, at, ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Local days from `first_day` to `last_day`, both included; None leaves that side open."""

    first_day: date | None = None
    last_day: date | None = None

    @property
    def start(self) -> datetime | None:
        return start_of(self.first_day) if self.first_day else None

    @property
    def end(self) -> datetime | None:
        """The first instant after the period."""
        return start_of(self.last_day + timedelta(days=1)) if self.last_day else None


# Reports ask about these years only; the span arithmetic stays far from date's limits.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def period_of(first_day: date | None, last_day: date | None, violations: Violations) -> Period:
    for field, day in (("from_date", first_day), ("to_date", last_day)):
        if day and not FIRST_DAY <= day <= LAST_DAY:
            violations.add(field, f"must be between {FIRST_DAY} and {LAST_DAY}")
    if first_day and last_day and first_day > last_day:
        violations.add("to_date", "must not be before from_date")
    return Period(first_day, last_day)


# The counters' spans: a local day, the reporting week (Friday to Thursday, the period of a
# district's weekly report), the calendar month, and all time (one row per unit, its first day
# FIRST_DAY), so that an all-time report reads one row per unit however long the history.
DAY, WEEK, MONTH, ALL = "day", "week", "month", "all"
SPANS = (DAY, WEEK, MONTH, ALL)
FRIDAY = 5  # ISO weekday: the weekly reports are due, and their weeks begin, on Fridays


def span_start(span: str, day: date) -> date:
    """The first day of the `span` that holds `day`."""
    if span == WEEK:
        return day - timedelta(days=(day.isoweekday() - FRIDAY) % 7)
    if span == MONTH:
        return day.replace(day=1)
    if span == ALL:
        return FIRST_DAY
    return day


SpanRange = tuple[str, date | None, date | None]  # span, first and last start (None: open)


def _month_after(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _days_and_weeks(first: date, last: date) -> list[SpanRange]:
    """Whole weeks inside first..last, and the days on either side of them."""
    first_week = span_start(WEEK, first + timedelta(days=6))
    after_weeks = span_start(WEEK, last + timedelta(days=1))
    if first_week >= after_weeks:
        return [(DAY, first, last)]
    ranges: list[SpanRange] = [(WEEK, first_week, after_weeks - timedelta(days=7))]
    if first < first_week:
        ranges.append((DAY, first, first_week - timedelta(days=1)))
    if after_weeks <= last:
        ranges.append((DAY, after_weeks, last))
    return ranges


def cover(period: Period) -> list[SpanRange]:
    """Spans that together hold each day of the period exactly once: all time, or its whole
    months, then whole weeks and days at the edges. An open side is covered by months
    without end."""
    first, last = period.first_day, period.last_day
    if first is None and last is None:
        return [(ALL, None, None)]
    months_from = first if first is None or first.day == 1 else _month_after(first)
    # The first day after the whole months.
    months_until = None if last is None else span_start(MONTH, last + timedelta(days=1))
    if months_from and months_until and months_from >= months_until:
        return _days_and_weeks(first, last)
    last_month = months_until and span_start(MONTH, months_until - timedelta(days=1))
    ranges: list[SpanRange] = [(MONTH, months_from, last_month)]
    if first and first < months_from:
        ranges += _days_and_weeks(first, months_from - timedelta(days=1))
    if last and months_until <= last:
        ranges += _days_and_weeks(months_until, last)
    return ranges
