"""The weekly report's calendar: seven days ending at 00:00 on the ISO week's Friday, due at
10:00 that Friday, Asia/Ho_Chi_Minh (UTC+7), across year boundaries."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from phananh_common.errors import InvalidArgument, Violations
from reporting.domain.periods import Period, period_of
from reporting.domain.weeks import (
    DRAFT,
    LATE,
    MISSING,
    SUBMITTED,
    is_late,
    next_generation_at,
    parse_week,
    submission_status,
    week_of,
)


def week(text: str):
    violations = Violations()
    parsed = parse_week(text, violations)
    violations.raise_if_any()
    return parsed


@pytest.mark.parametrize(
    ("text", "first_day", "last_day", "deadline_utc"),
    [
        ("2021-W40", date(2021, 10, 1), date(2021, 10, 7), datetime(2021, 10, 8, 3, tzinfo=UTC)),
        ("2020-W53", date(2020, 12, 25), date(2020, 12, 31), datetime(2021, 1, 1, 3, tzinfo=UTC)),
        ("2021-W01", date(2021, 1, 1), date(2021, 1, 7), datetime(2021, 1, 8, 3, tzinfo=UTC)),
        ("2026-W01", date(2025, 12, 26), date(2026, 1, 1), datetime(2026, 1, 2, 3, tzinfo=UTC)),
    ],
)
def test_period_and_deadline_of_a_week(text, first_day, last_day, deadline_utc):
    w = week(text)
    assert w.label == text
    assert w.period == Period(first_day, last_day)
    # Both edges are 00:00 local (17:00 UTC the day before), seven days apart.
    assert w.period.start == datetime.combine(first_day, time(), UTC) - timedelta(hours=7)
    assert (w.period.end - w.period.start) == timedelta(days=7)
    assert w.deadline == deadline_utc


def test_period_edges_are_local_midnights():
    w = week("2021-W40")
    assert w.period.start == datetime(2021, 9, 30, 17, tzinfo=UTC)
    assert w.period.end == datetime(2021, 10, 7, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["2021-W54", "2021-W53", "2021-W00", "2021-40", "21-W40", "", "2021-W4"]
)
def test_a_week_that_does_not_exist_is_a_field_violation(text):
    with pytest.raises(InvalidArgument) as raised:
        week(text)
    assert [v.field for v in raised.value.violations] == ["week"]


def test_submission_around_the_friday_deadline():
    w = week("2021-W40")
    assert submission_status(datetime(2021, 10, 8, 2, 59, 59, tzinfo=UTC), w) == SUBMITTED
    assert submission_status(datetime(2021, 10, 8, 3, 0, tzinfo=UTC), w) == SUBMITTED
    assert submission_status(datetime(2021, 10, 8, 3, 0, 1, tzinfo=UTC), w) == LATE
    before, after = datetime(2021, 10, 8, 2, tzinfo=UTC), datetime(2021, 10, 8, 4, tzinfo=UTC)
    assert not is_late(DRAFT, w, before) and is_late(DRAFT, w, after)
    assert is_late(MISSING, w, after) and not is_late(SUBMITTED, w, after)
    assert is_late(LATE, w, after)


def test_the_week_of_an_instant_is_cut_in_local_time():
    # Sunday 2021-10-10 18:00 UTC is Monday 01:00 in Hồ Chí Minh City: the next ISO week.
    assert week_of(datetime(2021, 10, 10, 18, tzinfo=UTC)).label == "2021-W41"
    assert week_of(datetime(2021, 10, 10, 16, tzinfo=UTC)).label == "2021-W40"
    # New Year's Eve 2020 at 20:00 UTC is already Friday 1 January 2021 locally: 2020-W53.
    assert week_of(datetime(2020, 12, 31, 20, tzinfo=UTC)).label == "2020-W53"


def test_drafts_are_generated_on_friday_morning_local_time():
    at = time(8)
    thursday = datetime(2021, 10, 7, 12, tzinfo=UTC)
    assert next_generation_at(thursday, at) == datetime(2021, 10, 8, 1, tzinfo=UTC)
    just_generated = datetime(2021, 10, 8, 1, tzinfo=UTC)
    assert next_generation_at(just_generated, at) == datetime(2021, 10, 15, 1, tzinfo=UTC)


def test_a_period_ending_before_it_starts_is_a_field_violation():
    violations = Violations()
    period_of(date(2021, 10, 8), date(2021, 10, 1), violations)
    assert [v.field for v in violations.items] == ["to_date"]
