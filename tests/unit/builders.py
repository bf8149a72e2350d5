"""Valid complaints to start from, and a helper to read what accept() refused. Every test
changes one thing of a complaint that is otherwise accepted."""

from dataclasses import replace
from datetime import date

import pytest

from intake.domain import Citizen, Complaint, Dose, Reference, accept
from phananh_common.errors import InvalidArgument
from phananh_common.units import units

TODAY = date(2021, 10, 1)
REFERENCE = Reference(province_code="75", units=units(), facility_codes={"F1", "F731001"})

VALID_CITIZEN = Citizen(
    full_name="Nguyễn Thị Hồng",
    date_of_birth=date(1985, 4, 12),
    gender="FEMALE",
    phone="0912345678",
    national_id="075185000123",
    province_code="75",
    district_code="731",
    commune_code="25993",
    street="12 Phạm Văn Thuận",
)


def citizen(**changes) -> Citizen:
    return replace(VALID_CITIZEN, **changes)


def dose(number: int = 1, on: date | None = date(2021, 7, 1), vaccine: str = "AZ", **rest) -> Dose:
    return Dose(dose_number=number, vaccinated_on=on, vaccine_code=vaccine, **rest)


def complaint(**changes) -> Complaint:
    """A missing-dose complaint that passes every check, with `changes` applied."""
    base = Complaint(
        citizen=VALID_CITIZEN,
        category="MISSING_DOSE",
        claimed_doses=(dose(2, date(2021, 9, 1), "AZ", lot_number="A1234", facility_code="F1"),),
        description="Mũi 2 chưa được cập nhật",
    )
    return replace(base, **changes)


def violations(refused: Complaint, today: date = TODAY) -> list[tuple[str, str]]:
    """The (field, description) pairs accept() raises for a complaint it must refuse."""
    with pytest.raises(InvalidArgument) as raised:
        accept(refused, today, REFERENCE)
    assert raised.value.code == "INVALID_ARGUMENT"
    return [(v.field, v.description) for v in raised.value.violations]


def fields(refused: Complaint, today: date = TODAY) -> list[str]:
    return [field for field, _ in violations(refused, today)]
