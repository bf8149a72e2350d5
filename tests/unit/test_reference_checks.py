"""accept(): the address lies inside the province served, a named facility exists; and the
checks of a supplement and of an idempotency key."""

from dataclasses import replace
from datetime import date

import pytest

from intake.domain import (
    Supplement,
    accept,
    accept_supplement,
    check_idempotency_key,
    check_may_supplement,
)
from phananh_common.errors import FailedPrecondition, InvalidArgument

from .builders import REFERENCE, TODAY, citizen, complaint, dose, fields


def test_an_address_of_another_province_is_refused():
    other = citizen(province_code="79", district_code="760", commune_code="26734")
    assert fields(complaint(citizen=other)) == [
        "citizen.address.province_code",
        "citizen.address.district_code",
    ]


def test_a_district_of_another_province_is_refused():
    assert fields(complaint(citizen=citizen(district_code="760"))) == [
        "citizen.address.district_code"
    ]


def test_a_commune_must_lie_in_the_district_given():
    # 26077 is a commune of Long Khánh (732), not of Biên Hòa (731).
    assert fields(complaint(citizen=citizen(commune_code="26077"))) == [
        "citizen.address.commune_code"
    ]
    assert accept(
        complaint(citizen=citizen(district_code="732", commune_code="26077")), TODAY, REFERENCE
    )


def test_a_district_code_given_as_commune_is_refused():
    assert fields(complaint(citizen=citizen(commune_code="731"))) == [
        "citizen.address.commune_code"
    ]


def test_the_province_served_is_a_setting():
    elsewhere = replace(REFERENCE, province_code="79")
    with pytest.raises(InvalidArgument) as raised:
        accept(complaint(), TODAY, elsewhere)
    assert [v.field for v in raised.value.violations] == [
        "citizen.address.province_code",
        "citizen.address.district_code",
    ]


def test_an_unknown_facility_is_refused_and_no_facility_is_fine():
    unknown = (dose(1, date(2021, 7, 1), facility_code="F999"),)
    assert fields(complaint(claimed_doses=unknown)) == ["claimed_doses[0].facility_code"]
    assert accept(complaint(claimed_doses=(dose(1, facility_code="F731001"),)), TODAY, REFERENCE)
    assert accept(complaint(claimed_doses=(dose(1),)), TODAY, REFERENCE)


def test_a_supplement_is_checked_like_a_submission():
    with pytest.raises(InvalidArgument) as raised:
        accept_supplement(
            Supplement("", (dose(1, vaccine="XYZ", facility_code="F999"),)), TODAY, REFERENCE
        )
    assert [v.field for v in raised.value.violations] == [
        "claimed_doses[0].vaccine_code",
        "claimed_doses[0].facility_code",
    ]
    with pytest.raises(InvalidArgument) as raised:
        accept_supplement(Supplement("   "), TODAY, REFERENCE)
    assert [v.field for v in raised.value.violations] == ["description"]
    with pytest.raises(InvalidArgument):
        accept_supplement(Supplement("x" * 2001), TODAY, REFERENCE)
    assert (
        accept_supplement(Supplement(" Ảnh đã gửi "), TODAY, REFERENCE).description == "Ảnh đã gửi"
    )


@pytest.mark.parametrize("status", ["RECEIVED", "ASSIGNED", "IN_REVIEW", "RESOLVED", "REJECTED"])
def test_a_supplement_only_while_information_is_asked_for(status):
    with pytest.raises(FailedPrecondition):
        check_may_supplement(status)
    check_may_supplement("NEEDS_INFO")


@pytest.mark.parametrize("key", ["short", "x" * 129, "has space 123", "ключ-12345"])
def test_a_malformed_idempotency_key_is_refused(key):
    with pytest.raises(InvalidArgument) as raised:
        check_idempotency_key(key)
    assert raised.value.violations[0].field == "idempotency_key"


def test_a_uuid_or_no_key_is_accepted():
    check_idempotency_key("3b0c1a9e-8f8e-4a53-9a5e-2f0d7c1b9e11")
    check_idempotency_key("")
