"""Which registry records lie inside an officer's unit (its address, or a dose given by a
facility of the unit) and what an officer sees of the others."""

import uuid
from dataclasses import replace
from datetime import date

import pytest

from phananh_common.tokens import Principal
from resolution.registry.domain.matching import Candidate, merge_proposals
from resolution.registry.domain.records import Dose, Person, Record
from resolution.registry.domain.scope import Facility, glimpse, record_inside

# Lives in ward 26077 of Long Khánh (732); dose 1 given by a facility of ward 26041 of Biên
# Hòa (731), dose 2 by a facility the directory does not hold.
PERSON = Person("Phạm Văn Nạn", date(1990, 2, 3), "MALE", "", "", "75", "732", "26077")
RECORD = Record(
    uuid.uuid4(),
    PERSON,
    (
        Dose(uuid.uuid4(), 1, date(2021, 8, 1), "AZ", facility_code="F731001"),
        Dose(uuid.uuid4(), 2, date(2021, 9, 1), "AZ", facility_code="F999"),
    ),
)
DIRECTORY = {"F731001": Facility("F731001", "Trạm Y tế Phường Trung Dũng", "731", "26041")}


def officer(unit: str) -> Principal:
    return Principal("id", "someone", "DISTRICT_OFFICER", unit)


@pytest.mark.parametrize(
    ("unit", "inside"),
    [
        ("75", True),  # the province holds both
        ("732", True),  # the address's district
        ("26077", True),  # the address's ward
        ("731", True),  # the district of the facility that gave dose 1
        ("26041", True),  # that facility's ward
        ("25993", False),  # another ward of 731: neither
        ("733", False),
        ("79", False),  # another province
    ],
)
def test_a_record_lies_inside_the_unit_of_its_address_or_of_a_dose(unit, inside):
    assert record_inside(officer(unit), RECORD, DIRECTORY) is inside


def test_a_facility_outside_the_directory_puts_no_dose_anywhere():
    assert not record_inside(officer("731"), RECORD, {})
    district_wide = {"F731001": Facility("F731001", "Bệnh viện", "731")}
    assert record_inside(officer("731"), RECORD, district_wide)
    assert not record_inside(officer("26041"), RECORD, district_wide)


def test_outside_the_unit_a_record_shows_initials_birth_year_and_district():
    seen = glimpse(RECORD)
    assert (seen.initials, seen.birth_year, seen.district_code) == ("P. V. N.", 1990, "732")
    assert seen.citizen_id == str(RECORD.citizen_id)


def test_no_merge_is_proposed_with_a_record_outside_the_unit():
    holds_one = Candidate(replace(RECORD, doses=RECORD.doses[:1]), ("NAME_DOB",))
    holds_two = Candidate(replace(RECORD, citizen_id=uuid.uuid4(), doses=RECORD.doses[1:]), ())
    assert len(merge_proposals([holds_one, holds_two])) == 1
    assert merge_proposals([holds_one, replace(holds_two, inside=False)]) == []
