"""Where a complaint goes (the facility's district, else the address's; the commune when it
has a team; else the province queue), its deadline flags as time passes, and the officers'
daily digest: what a unit counts and when it is due."""

from datetime import UTC, datetime, time, timedelta

import pytest

from phananh_common.units import units
from resolution.cases.domain.deadlines import (
    DeadlineCounts,
    counts_inside,
    deadline_flags,
    next_digest_at,
    resumed_due_at,
)
from resolution.cases.domain.routing import ClaimedFacility, Place, route, routed_place

HOME = Place("731", "25993")  # Biên Hòa, Trảng Dài


def place(facilities=(), address=HOME):
    return routed_place(facilities, address, "75", units())


def test_the_facility_of_the_latest_claimed_dose_decides():
    facilities = [ClaimedFacility(1, Place("731", "26041")), ClaimedFacility(2, Place("732"))]
    assert place(facilities) == Place("732")


def test_without_a_facility_the_address_decides():
    assert place() == HOME


def test_a_commune_outside_its_district_is_dropped():
    assert place(address=Place("731", "26077")) == Place("731")


def test_a_place_outside_the_province_is_unroutable():
    assert place([ClaimedFacility(1, Place("760"))], Place("760", "26734")) is None


@pytest.mark.parametrize(
    ("where", "team", "unit"),
    [(HOME, True, "25993"), (HOME, False, "731"), (Place("732"), True, "732"), (None, True, "75")],
)
def test_the_commune_takes_the_case_only_with_a_team(where, team, unit):
    assert route(where, "75", team) == unit


NOW = datetime(2021, 10, 10, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "due_in", "paused_ago", "overdue", "at_risk"),
    [
        ("ASSIGNED", timedelta(days=3), None, False, False),
        ("ASSIGNED", timedelta(hours=23), None, False, True),
        ("IN_REVIEW", timedelta(hours=-1), None, True, False),
        ("RESOLVED", timedelta(hours=-1), None, False, False),  # closed: no longer flagged
        # Paused two days ago with three days left: the clock stood still since.
        ("NEEDS_INFO", timedelta(days=1), timedelta(days=2), False, False),
        # Paused when it was already late: it stays overdue.
        ("NEEDS_INFO", timedelta(days=-3), timedelta(days=2), True, False),
    ],
)
def test_flags_follow_the_deadline_and_the_pause(status, due_in, paused_ago, overdue, at_risk):
    paused_at = NOW - paused_ago if paused_ago else None
    flags = deadline_flags(status, NOW + due_in, paused_at, NOW)
    assert (flags.overdue, flags.at_risk) == (overdue, at_risk)


def test_resuming_moves_the_deadline_by_the_wait():
    due = NOW + timedelta(days=2)
    assert resumed_due_at(due, NOW, NOW + timedelta(hours=30)) == due + timedelta(hours=30)
    assert resumed_due_at(due, None, NOW) == due


def test_a_unit_digest_counts_its_own_cases_and_those_below_it():
    by_unit = {
        "25993": DeadlineCounts(1, 2),
        "731": DeadlineCounts(3, 0),
        "732": DeadlineCounts(5, 5),
        "75": DeadlineCounts(0, 1),
    }
    assert counts_inside("731", by_unit, units()) == DeadlineCounts(4, 2)
    assert counts_inside("25993", by_unit, units()) == DeadlineCounts(1, 2)
    assert counts_inside("75", by_unit, units()) == DeadlineCounts(9, 8)
    assert not counts_inside("26041", by_unit, units())


def test_the_digest_is_due_at_its_local_hour_today_or_else_tomorrow():
    seven = time(7)
    # 06:30 and 07:00 in Hồ Chí Minh City (UTC+7).
    assert next_digest_at(datetime(2021, 10, 3, 23, 30, tzinfo=UTC), seven) == datetime(
        2021, 10, 4, 0, 0, tzinfo=UTC
    )
    assert next_digest_at(datetime(2021, 10, 4, 0, 0, tzinfo=UTC), seven) == datetime(
        2021, 10, 5, 0, 0, tzinfo=UTC
    )
