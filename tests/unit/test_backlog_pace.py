"""The backlog's figures against its deadline, from the open complaints and the last seven
days' closures."""

from datetime import date

from reporting.domain.backlog import backlog_of, pace_days

TODAY = date(2021, 10, 8)
DEADLINE = date(2021, 10, 15)


def test_a_backlog_closing_fast_enough_finishes_before_the_deadline():
    b = backlog_of(open_now=70, closed_last_days=140, today=TODAY, deadline=DEADLINE)
    assert (b.days_left, b.rate_7d, b.needed_per_day) == (7, 20.0, 8.8)
    assert b.projected_finish == date(2021, 10, 12) and b.on_track


def test_a_slow_backlog_finishes_after_the_deadline():
    b = backlog_of(open_now=700, closed_last_days=70, today=TODAY, deadline=DEADLINE)
    assert b.projected_finish == date(2021, 12, 17) and not b.on_track


def test_no_closures_no_finish_and_none_open_finished_today():
    assert backlog_of(5, 0, TODAY, DEADLINE).projected_finish is None
    done = backlog_of(0, 0, TODAY, DEADLINE)
    assert (done.projected_finish, done.on_track, done.needed_per_day) == (TODAY, True, 0.0)


def test_past_the_deadline_all_that_is_open_is_needed_at_once():
    b = backlog_of(12, 7, date(2021, 10, 20), DEADLINE)
    assert (b.days_left, b.needed_per_day, b.on_track) == (-5, 12.0, False)
    # A unit with nothing open is not behind.
    assert backlog_of(0, 3, date(2021, 10, 20), DEADLINE).on_track


def test_the_pace_is_read_from_the_last_seven_days():
    assert pace_days(TODAY) == (date(2021, 10, 2), TODAY)
