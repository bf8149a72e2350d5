"""fold() and person_key(): who "the same person" is when a complaint is repeated."""

from dataclasses import replace
from datetime import date

import pytest

from intake.domain import accept, fold, person_key

from .builders import REFERENCE, TODAY, citizen, complaint


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn  Thị Hồng", "nguyen thi hong"),
        ("ĐẶNG ĐỨC Ánh", "dang duc anh"),
        ("đỗ ưng ơn", "do ung on"),
        ("  Trần\tVăn\nBình ", "tran van binh"),
        ("nguyen van an", "nguyen van an"),
        ("", ""),
    ],
)
def test_fold_removes_case_diacritics_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_identity_number_alone_decides_when_given():
    a = citizen(national_id="075185000123", full_name="Nguyễn Thị Hồng", phone="0912345678")
    b = citizen(national_id="075185000123", full_name="Nguyen Hong", phone="0987654321")
    c = citizen(national_id="075185000124")
    assert person_key(a) == person_key(b)
    assert person_key(a) != person_key(c)


@pytest.mark.parametrize("spelling", ["Nguyễn Văn An", "NGUYEN VAN AN", "nguyễn  văn   an"])
def test_without_identity_number_spellings_differing_in_diacritics_case_spaces_match(spelling):
    reference = citizen(national_id="", full_name="Nguyen Van An", phone="+84912345678")
    assert person_key(replace(reference, full_name=spelling)) == person_key(reference)


@pytest.mark.parametrize(
    "other",
    [
        {"full_name": "Nguyễn Văn Anh"},
        {"date_of_birth": date(2010, 5, 2)},
        {"phone": "+84912345679"},
    ],
)
def test_without_identity_number_name_birth_date_and_phone_all_count(other):
    reference = citizen(national_id="", full_name="Nguyễn Văn An", date_of_birth=date(2010, 5, 1))
    assert person_key(replace(reference, **other)) != person_key(reference)


def test_a_child_complaining_twice_in_different_spellings_is_the_same_person():
    child = citizen(national_id="", date_of_birth=date(2010, 5, 1))
    first = complaint(citizen=replace(child, full_name="Lê Thị Mỹ", phone="0912345678"))
    second = complaint(citizen=replace(child, full_name=" le  thi my ", phone="+84 912 345 678"))
    assert accept(first, TODAY, REFERENCE).person_key == accept(second, TODAY, REFERENCE).person_key


def test_identity_number_with_spaces_is_the_same_person():
    first = complaint(citizen=citizen(national_id="075185000123"))
    second = complaint(citizen=citizen(national_id=" 075185000123 ", full_name="Nguyen Hong"))
    assert accept(first, TODAY, REFERENCE).person_key == accept(second, TODAY, REFERENCE).person_key
