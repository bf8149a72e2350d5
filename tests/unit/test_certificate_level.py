"""The certificate level a record's doses earn: the full course of the vaccine that started
it, a one-dose vaccine, mixed vaccines, and boosters beyond the course."""

import uuid
from datetime import date, timedelta

import pytest

from resolution.registry.domain.records import Dose, certificate_level


def doses(*vaccines: str):
    """Doses of these vaccines, a month apart, in this order."""
    start = date(2021, 6, 1)
    return [
        Dose(uuid.uuid4(), n + 1, start + timedelta(days=30 * n), code)
        for n, code in enumerate(vaccines)
    ]


@pytest.mark.parametrize(
    ("vaccines", "level"),
    [
        ((), "NONE"),
        (("AZ",), "PARTIAL"),
        (("AZ", "AZ"), "FULL"),
        (("AZ", "PFIZER"), "FULL"),  # mixed: the second dose completes AstraZeneca's course
        (("VERO", "PFIZER", "PFIZER"), "BOOSTED"),
        (("JANSSEN",), "FULL"),
        (("JANSSEN", "PFIZER"), "BOOSTED"),
        (("PFIZER", "JANSSEN"), "FULL"),  # a one-dose vaccine completes any started course
        (("ABDALA", "ABDALA"), "PARTIAL"),
        (("ABDALA", "ABDALA", "ABDALA"), "FULL"),
        (("ABDALA", "ABDALA", "ABDALA", "MODERNA"), "BOOSTED"),
        (("AZ", "NOT_A_VACCINE"), "PARTIAL"),  # unknown vaccines earn nothing
    ],
)
def test_level_follows_the_full_course_of_the_vaccines(vaccines, level):
    assert certificate_level(doses(*vaccines)) == level


def test_level_counts_the_doses_in_the_order_they_were_given():
    given = doses("AZ", "AZ", "JANSSEN")
    # Recorded out of order: the Janssen dose came first, so the two AZ doses are boosters.
    janssen_first = [
        Dose(d.dose_id, d.dose_number, day, d.vaccine_code)
        for d, day in zip(
            given, (date(2021, 8, 1), date(2021, 9, 1), date(2021, 7, 1)), strict=True
        )
    ]
    assert certificate_level(janssen_first) == "BOOSTED"
    assert certificate_level(given) == "BOOSTED"
    assert certificate_level(given[:2]) == "FULL"
