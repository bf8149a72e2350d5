"""accept() as a whole: every violation at once, the warnings for the officer, and what is
normalised before storage."""

from datetime import date, timedelta

import pytest

from intake.domain import accept

from .builders import REFERENCE, TODAY, citizen, complaint, dose, violations


def test_every_bad_field_is_reported_at_once_with_its_api_path():
    bad = complaint(
        citizen=citizen(
            full_name="",
            date_of_birth=date(2030, 1, 1),
            gender="X",
            phone="02838123456",
            national_id="123",
            district_code="",
        ),
        category="NOPE",
        claimed_doses=(
            dose(1, date(2021, 6, 1)),
            dose(7, TODAY + timedelta(days=3), vaccine="SINOVAC"),
        ),
        description="x" * 2001,
    )
    assert sorted(field for field, _ in violations(bad)) == sorted(
        [
            "citizen.full_name",
            "citizen.date_of_birth",
            "citizen.gender",
            "citizen.phone",
            "citizen.national_id",
            "citizen.address.district_code",
            "category",
            "claimed_doses[1].dose_number",
            "claimed_doses[1].vaccinated_on",
            "claimed_doses[1].vaccine_code",
            "description",
        ]
    )


def test_every_violation_has_a_description():
    bad = complaint(citizen=citizen(phone="1", commune_code=""), claimed_doses=())
    assert all(description for _, description in violations(bad))


def _codes(accepted):
    return [w.code for w in accepted.warnings]


@pytest.mark.parametrize("name", ["Nguyen Van An", "NGUYEN VAN AN", "nguyen van an"])
def test_name_without_diacritics_is_accepted_with_a_warning(name):
    accepted = accept(complaint(citizen=citizen(full_name=name)), TODAY, REFERENCE)
    assert _codes(accepted) == ["NAME_WITHOUT_DIACRITICS"]


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "Đinh Van An", "NGUYỄN VĂN AN"])
def test_name_with_diacritics_has_no_warning(name):
    assert _codes(accept(complaint(citizen=citizen(full_name=name)), TODAY, REFERENCE)) == []


@pytest.mark.parametrize(
    ("vaccine", "minimum_days"), [("AZ", 28), ("MODERNA", 28), ("PFIZER", 21), ("VERO", 21)]
)
def test_doses_closer_than_the_minimum_interval_are_accepted_with_a_warning(vaccine, minimum_days):
    first = date(2021, 7, 1)
    too_soon = (
        dose(1, first, vaccine),
        dose(2, first + timedelta(days=minimum_days - 1), vaccine),
    )
    accepted = accept(complaint(claimed_doses=too_soon), TODAY, REFERENCE)
    assert _codes(accepted) == ["SHORT_INTERVAL"]
    assert f"{minimum_days} days" in accepted.warnings[0].message


@pytest.mark.parametrize(
    ("vaccine", "minimum_days"), [("AZ", 28), ("MODERNA", 28), ("PFIZER", 21), ("VERO", 21)]
)
def test_doses_at_the_minimum_interval_have_no_warning(vaccine, minimum_days):
    first = date(2021, 7, 1)
    on_time = (dose(1, first, vaccine), dose(2, first + timedelta(days=minimum_days), vaccine))
    assert _codes(accept(complaint(claimed_doses=on_time), TODAY, REFERENCE)) == []


def test_short_interval_is_found_whatever_the_order_of_the_list():
    listed_backwards = (dose(2, date(2021, 7, 10)), dose(1, date(2021, 7, 1)))
    assert _codes(accept(complaint(claimed_doses=listed_backwards), TODAY, REFERENCE)) == [
        "SHORT_INTERVAL"
    ]


def test_both_warnings_together():
    doses = (dose(1, date(2021, 7, 1)), dose(2, date(2021, 7, 15)))
    bare = citizen(full_name="Tran Thi B")
    accepted = accept(complaint(citizen=bare, claimed_doses=doses), TODAY, REFERENCE)
    assert sorted(_codes(accepted)) == ["NAME_WITHOUT_DIACRITICS", "SHORT_INTERVAL"]


def test_accepted_complaint_is_normalised_for_storage():
    typed = complaint(
        citizen=citizen(
            full_name="  Nguyễn   Thị \t Hồng ",
            phone=" 0912 345 678 ",
            national_id=" 075185000123 ",
            street="  12 Phạm Văn Thuận  ",
        ),
        description="  Mũi 2 chưa có  ",
    )
    accepted = accept(typed, TODAY, REFERENCE).complaint
    assert accepted.citizen.full_name == "Nguyễn Thị Hồng"
    assert accepted.citizen.phone == "+84912345678"
    assert accepted.citizen.national_id == "075185000123"
    assert accepted.citizen.street == "12 Phạm Văn Thuận"
    assert accepted.description == "Mũi 2 chưa có"
    assert accepted.claimed_doses == typed.claimed_doses
    assert accepted.category == "MISSING_DOSE"


def test_the_check_uses_the_injected_day_not_the_clock():
    later_dose = complaint(claimed_doses=(dose(1, date(2021, 12, 1)),))
    assert [f for f, _ in violations(later_dose, today=date(2021, 11, 30))] == [
        "claimed_doses[0].vaccinated_on"
    ]
    assert accept(later_dose, date(2021, 12, 1), REFERENCE)
