"""accept(): the claimed doses, the category and the description."""

from datetime import date, timedelta

import pytest

from intake.domain import accept

from .builders import REFERENCE, TODAY, complaint, dose, fields, violations

VACCINE_CODES = ["AZ", "VERO", "PFIZER", "MODERNA", "SPUTNIK", "ABDALA", "JANSSEN", "HAYAT"]


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_dose_number_from_one_to_four_is_accepted(number):
    assert accept(complaint(claimed_doses=(dose(number),)), TODAY, REFERENCE)


@pytest.mark.parametrize("number", [0, -1, 5, 10])
def test_dose_number_outside_one_to_four_is_refused(number):
    assert fields(complaint(claimed_doses=(dose(number),))) == ["claimed_doses[0].dose_number"]


def test_dose_number_given_twice_is_refused_on_the_second():
    twice = (dose(1, date(2021, 6, 1)), dose(2, date(2021, 8, 1)), dose(1, date(2021, 7, 1)))
    ((field, description),) = violations(complaint(claimed_doses=twice))
    assert field == "claimed_doses[2].dose_number"
    assert "twice" in description


def test_more_than_four_doses_are_refused():
    five = tuple(dose(n % 4 + 1, date(2021, 4, n + 1)) for n in range(5))
    assert fields(complaint(claimed_doses=five)) == ["claimed_doses"]


@pytest.mark.parametrize(
    ("number", "on", "expected"),
    [
        (2, None, "required"),
        (2, TODAY + timedelta(days=1), "future"),
        (1, date(2021, 3, 7), "2021-03-08"),
        (1, date(2020, 12, 31), "2021-03-08"),
    ],
)
def test_missing_future_or_pre_campaign_dose_date_is_refused(number, on, expected):
    other = dose(3 - number, date(2021, 6, 1))
    doses = (other, dose(number, on))
    ((field, description),) = violations(complaint(claimed_doses=doses))
    assert field == "claimed_doses[1].vaccinated_on"
    assert expected in description


@pytest.mark.parametrize("on", [date(2021, 3, 8), TODAY])
def test_dose_on_the_first_day_of_the_campaign_or_today_is_accepted(on):
    assert accept(complaint(claimed_doses=(dose(1, on),)), TODAY, REFERENCE)


@pytest.mark.parametrize("vaccine", VACCINE_CODES)
def test_every_vaccine_used_in_vietnam_is_known(vaccine):
    assert accept(complaint(claimed_doses=(dose(1, vaccine=vaccine),)), TODAY, REFERENCE)


@pytest.mark.parametrize("vaccine", ["", "az", "ASTRAZENECA", "SINOVAC", "COVAXIN"])
def test_unknown_vaccine_is_refused(vaccine):
    doses = (dose(1, date(2021, 6, 1)), dose(2, vaccine=vaccine))
    assert fields(complaint(claimed_doses=doses)) == ["claimed_doses[1].vaccine_code"]


def test_lot_number_of_more_than_40_characters_is_refused():
    doses = (dose(1, lot_number="L" * 41),)
    assert fields(complaint(claimed_doses=doses)) == ["claimed_doses[0].lot_number"]
    assert accept(complaint(claimed_doses=(dose(1, lot_number="L" * 40),)), TODAY, REFERENCE)


def test_later_dose_dated_before_earlier_dose_is_refused():
    doses = (dose(1, date(2021, 9, 1)), dose(2, date(2021, 8, 1)))
    ((field, description),) = violations(complaint(claimed_doses=doses))
    assert field == "claimed_doses[1].vaccinated_on"
    assert "dose 2" in description
    assert "dose 1" in description


def test_dose_order_is_checked_by_dose_number_not_by_position_in_the_list():
    listed_backwards = (dose(3, date(2021, 7, 1)), dose(2, date(2021, 8, 1)))
    assert fields(complaint(claimed_doses=listed_backwards)) == ["claimed_doses[0].vaccinated_on"]
    in_order_listed_backwards = (dose(2, date(2021, 9, 1)), dose(1, date(2021, 7, 1)))
    assert accept(complaint(claimed_doses=in_order_listed_backwards), TODAY, REFERENCE)


def test_missing_dose_complaint_without_doses_is_refused():
    assert fields(complaint(claimed_doses=())) == ["claimed_doses"]


@pytest.mark.parametrize(
    "category", ["WRONG_DOSE_INFO", "WRONG_PERSONAL_INFO", "SPLIT_RECORD", "OTHER"]
)
def test_other_categories_need_no_doses(category):
    assert accept(complaint(category=category, claimed_doses=()), TODAY, REFERENCE)


@pytest.mark.parametrize("category", ["", "missing_dose", "COMPLAINT", "UNSPECIFIED"])
def test_unknown_category_is_refused(category):
    assert "category" in fields(complaint(category=category))


def test_description_of_more_than_2000_characters_is_refused():
    assert fields(complaint(description="x" * 2001)) == ["description"]
    assert accept(complaint(description="x" * 2000), TODAY, REFERENCE)
