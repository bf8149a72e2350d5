"""accept(): each check on the citizen's personal data, named by the field path the HTTP API
reports."""

import unicodedata
from datetime import date, timedelta

import pytest

from intake.domain import accept

from .builders import REFERENCE, TODAY, citizen, complaint, fields, violations


def test_the_base_complaint_is_accepted():
    # Every test below changes one field of it; if this one fails, they prove nothing.
    accepted = accept(complaint(), TODAY, REFERENCE)
    assert accepted.warnings == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "required"),
        ("   ", "required"),
        ("A" * 101, "at most 100"),
        ("Nguyễn Văn 3", "only letters"),
        ("Nguyễn <b>An</b>", "only letters"),
        ("Nguyễn_Văn_An", "only letters"),
    ],
)
def test_bad_full_name_is_refused(name, expected):
    ((field, description),) = violations(complaint(citizen=citizen(full_name=name)))
    assert field == "citizen.full_name"
    assert expected in description


@pytest.mark.parametrize(
    "name", ["Nguyễn Văn An", "Đặng Thị Ánh Tuyết", "O'Neil-Smith Jr.", "A" * 100, "Lê Ơ"]
)
def test_plausible_full_name_is_accepted(name):
    assert accept(complaint(citizen=citizen(full_name=name)), TODAY, REFERENCE)


def test_name_in_decomposed_unicode_is_accepted():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    accepted = accept(complaint(citizen=citizen(full_name=decomposed)), TODAY, REFERENCE)
    assert accepted.complaint.citizen.full_name == "Nguyễn Thị Hồng"


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (None, "required"),
        (TODAY + timedelta(days=1), "future"),
        (date(2030, 1, 1), "future"),
        (date(1899, 12, 31), "1900"),
    ],
)
def test_implausible_date_of_birth_is_refused(born, expected):
    ((field, description),) = violations(complaint(citizen=citizen(date_of_birth=born)))
    assert field == "citizen.date_of_birth"
    assert expected in description


@pytest.mark.parametrize("born", [date(1900, 1, 1), date(1985, 4, 12)])
def test_plausible_date_of_birth_is_accepted(born):
    assert accept(complaint(citizen=citizen(date_of_birth=born)), TODAY, REFERENCE)


def test_a_baby_born_today_is_accepted_without_identity_number():
    baby = citizen(date_of_birth=TODAY, national_id="")
    assert accept(complaint(citizen=baby, category="OTHER", claimed_doses=()), TODAY, REFERENCE)


@pytest.mark.parametrize("gender", ["MALE", "FEMALE", "OTHER"])
def test_known_gender_is_accepted(gender):
    assert accept(complaint(citizen=citizen(gender=gender)), TODAY, REFERENCE)


@pytest.mark.parametrize("gender", ["", "female", "F", "UNSPECIFIED", "GENDER_FEMALE"])
def test_unknown_gender_is_refused(gender):
    assert fields(complaint(citizen=citizen(gender=gender))) == ["citizen.gender"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        (" 0912345678 ", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0862345678", "+84862345678"),
        ("0332345678", "+84332345678"),
        ("0702345678", "+84702345678"),
    ],
)
def test_mobile_phone_is_accepted_and_stored_in_e164(typed, stored):
    accepted = accept(complaint(citizen=citizen(phone=typed)), TODAY, REFERENCE)
    assert accepted.complaint.citizen.phone == stored


@pytest.mark.parametrize(
    "phone",
    [
        "02838123456",  # Ho Chi Minh City landline
        "02437123456",  # Hanoi landline
        "+12025550123",  # United States
        "+8613812345678",  # Chinese mobile
        "+33612345678",  # French mobile
        "091234567",  # one digit short
        "09123456789",  # one digit too many
        "0123456789",
        "abc",
        "12345",
        "+84",
    ],
)
def test_landline_foreign_or_garbage_phone_is_refused(phone):
    ((field, description),) = violations(complaint(citizen=citizen(phone=phone)))
    assert field == "citizen.phone"
    assert "mobile" in description


def test_phone_with_letters_is_refused():
    assert fields(complaint(citizen=citizen(phone="0912ABCDEF"))) == ["citizen.phone"]


@pytest.mark.parametrize("phone", ["", "   "])
def test_missing_phone_is_refused_as_required(phone):
    assert violations(complaint(citizen=citizen(phone=phone))) == [("citizen.phone", "is required")]


@pytest.mark.parametrize("national_id", ["075185000123", "271234567", " 075185000123 "])
def test_twelve_or_nine_digit_identity_number_is_accepted_and_trimmed(national_id):
    accepted = accept(complaint(citizen=citizen(national_id=national_id)), TODAY, REFERENCE)
    assert accepted.complaint.citizen.national_id == national_id.strip()


@pytest.mark.parametrize(
    "national_id",
    ["07518500012", "0751850001234", "27123456", "2712345678", "07518500012A", "0751-8500-0123"],
)
def test_identity_number_of_other_shape_is_refused(national_id):
    assert fields(complaint(citizen=citizen(national_id=national_id))) == ["citizen.national_id"]


@pytest.mark.parametrize(
    "changes",
    [{"national_id": "０７５１８５０００１２３"}, {"district_code": "٧٣١"}],
)
def test_identity_number_and_unit_codes_accept_only_ascii_digits(changes):
    assert fields(complaint(citizen=citizen(**changes)))


@pytest.mark.parametrize(
    "born",
    [
        date(2007, 10, 2),  # 13 today, 14 tomorrow
        date(2015, 1, 1),
    ],
)
def test_identity_number_is_optional_below_fourteen(born):
    child = citizen(date_of_birth=born, national_id="")
    assert accept(complaint(citizen=child), TODAY, REFERENCE).complaint.citizen.national_id == ""


@pytest.mark.parametrize(
    "born",
    [
        date(2007, 10, 1),  # 14 today
        date(1985, 4, 12),
    ],
)
def test_identity_number_is_required_from_fourteen(born):
    adult = citizen(date_of_birth=born, national_id="  ")
    ((field, description),) = violations(complaint(citizen=adult))
    assert field == "citizen.national_id"
    assert "required" in description


def test_a_minor_with_a_malformed_identity_number_is_refused():
    child = citizen(date_of_birth=date(2015, 1, 1), national_id="12345")
    assert fields(complaint(citizen=child)) == ["citizen.national_id"]


@pytest.mark.parametrize("level", ["province_code", "district_code", "commune_code"])
@pytest.mark.parametrize("code", ["", "7", "123456", "7a", "HCM"])
def test_malformed_unit_code_is_refused(level, code):
    assert fields(complaint(citizen=citizen(**{level: code}))) == [f"citizen.address.{level}"]


def test_street_of_more_than_200_characters_is_refused():
    assert fields(complaint(citizen=citizen(street="x" * 201))) == ["citizen.address.street"]
    assert accept(complaint(citizen=citizen(street="x" * 200)), TODAY, REFERENCE)


def test_health_insurance_number_of_more_than_20_characters_is_refused():
    too_long = citizen(health_insurance_no="D" * 21)
    assert fields(complaint(citizen=too_long)) == ["citizen.health_insurance_no"]
    assert accept(
        complaint(citizen=citizen(health_insurance_no="DN4797915123456")), TODAY, REFERENCE
    )
