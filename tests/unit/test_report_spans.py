"""The spans the counters roll up into: any period is covered by all time, or whole months,
whole weeks and days, each of its days exactly once, so that the roll-ups give what the days
give. Checked over random periods."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from reporting.domain.figures import RECEIVED, rolled_up
from reporting.domain.periods import ALL, DAY, FIRST_DAY, MONTH, WEEK, Period, cover, span_start

# The days these checks look at; an open side of a period reaches past them.
SEEN_FIRST, SEEN_LAST = date(2020, 11, 1), date(2022, 2, 28)


def days_of(span: str, first_day: date) -> list[date]:
    if span == ALL:
        return seen_days()
    if span == DAY:
        return [first_day]
    if span == WEEK:
        return [first_day + timedelta(days=i) for i in range(7)]
    day, days = first_day, []
    while day.month == first_day.month:
        days.append(day)
        day += timedelta(days=1)
    return days


def seen_days(first: date | None = None, last: date | None = None) -> list[date]:
    day, days = first or SEEN_FIRST, []
    while day <= (last or SEEN_LAST):
        days.append(day)
        day += timedelta(days=1)
    return days


def covered(period: Period) -> Counter[date]:
    """How many times each day (of the seen ones) lies in a span of the period's cover."""
    counts: Counter[date] = Counter()
    for span, first, last in cover(period):
        for start in [FIRST_DAY] if span == ALL else seen_days(first, last):
            if span_start(span, start) == start:
                counts.update(days_of(span, start))
    return counts


def random_period(rng: random.Random) -> Period:
    first = SEEN_FIRST + timedelta(days=rng.randrange(30, 400))
    last = first + timedelta(days=rng.choice([0, 1, 6, 7, 13, rng.randrange(0, 120)]))
    return Period(None if rng.random() < 0.15 else first, None if rng.random() < 0.15 else last)


def test_spans_start_on_fridays_and_firsts():
    thursday = date(2021, 10, 7)
    assert span_start(WEEK, thursday) == date(2021, 10, 1)  # W40's period: 1–7 October
    assert span_start(WEEK, thursday + timedelta(days=1)) == date(2021, 10, 8)
    assert span_start(MONTH, thursday) == date(2021, 10, 1)
    # A reporting week over a year's end.
    assert span_start(WEEK, date(2022, 1, 2)) == date(2021, 12, 31)
    assert span_start(ALL, thursday) == span_start(ALL, date(1999, 1, 1)) == FIRST_DAY


def test_a_weekly_report_reads_one_week_and_a_month_one_month():
    assert cover(Period(date(2021, 10, 1), date(2021, 10, 7))) == [
        (WEEK, date(2021, 10, 1), date(2021, 10, 1))
    ]
    assert cover(Period(date(2021, 9, 1), date(2021, 9, 30))) == [
        (MONTH, date(2021, 9, 1), date(2021, 9, 1))
    ]
    assert cover(Period()) == [(ALL, None, None)]
    assert cover(Period(date(2021, 9, 1))) == [(MONTH, date(2021, 9, 1), None)]


@pytest.mark.parametrize("seed", range(5))
def test_every_day_of_any_period_is_covered_exactly_once(seed):
    rng = random.Random(seed)
    for _ in range(60):
        period = random_period(rng)
        in_period = seen_days(period.first_day, period.last_day)
        assert covered(period) == Counter(in_period), period
        # Months, then weeks and days only at the edges: a few spans, whatever the period.
        assert sum(span == DAY for span, _, _ in cover(period)) <= 4


@pytest.mark.parametrize("seed", range(3))
def test_the_roll_ups_over_a_cover_add_up_to_the_days(seed):
    rng = random.Random(seed)
    days = seen_days()
    daily = Counter({("731", rng.choice(days), RECEIVED, "OTHER"): 1 for _ in range(300)})
    counts = rolled_up(daily)
    for _ in range(60):
        period = random_period(rng)
        from_days = sum(
            n
            for (_, day, _, _), n in daily.items()
            if (period.first_day or day) <= day <= (period.last_day or day)
        )
        from_spans = sum(
            n
            for (_, span, start, _, _), n in counts.items()
            for s, first, last in cover(period)
            if span == s and (first or start) <= start <= (last or start)
        )
        assert from_spans == from_days, period
