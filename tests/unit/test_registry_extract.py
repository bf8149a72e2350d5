"""Rows of the portal's registry extract: each bad value named `line[N].column`, the phone
in E.164, the name folded for matching only."""

from datetime import date

import pytest

from phananh_common.errors import InvalidArgument
from phananh_common.units import units
from resolution.registry.domain.extract import HEADER, RowChecker, check_header
from resolution.registry.domain.rules import RecordRules
from tests.integration.registry import PERSON, dose

CHECKER = RowChecker(RecordRules("75", units(), date(2021, 11, 1)))
ROW = {"record_id": "P-1", **PERSON, **dose(1, "2021-08-01", facility="F731001")}


def cells(**changes) -> list[str]:
    return [{**ROW, **changes}[c] for c in HEADER]


def refused(line: int, row: list[str]) -> list[str]:
    with pytest.raises(InvalidArgument) as caught:
        CHECKER.row(line, row)
    return [v.field for v in caught.value.violations]


def test_a_good_row_is_read_with_the_phone_in_e164_and_the_name_folded():
    row = CHECKER.row(2, cells())
    assert row.phone == "+84912345678"
    assert row.full_name == "Nguyễn Thị Hồng"
    assert row.name_key == "nguyen thi hong"
    assert (row.dose_number, row.vaccinated_on) == (1, date(2021, 8, 1))


def test_a_record_without_doses_has_empty_dose_fields():
    row = CHECKER.row(2, cells(**{c: "" for c in HEADER[9:]}))
    assert row.dose_number is None and row.vaccinated_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"record_id": ""}, "record_id"),
        ({"full_name": ""}, "full_name"),
        ({"date_of_birth": "12/04/1985"}, "date_of_birth"),
        ({"date_of_birth": "2030-01-01"}, "date_of_birth"),
        ({"gender": "F"}, "gender"),
        ({"phone": "02513822222"}, "phone"),  # a landline
        ({"national_id": "12345"}, "national_id"),
        ({"province_code": "79"}, "province_code"),
        ({"district_code": "760"}, "district_code"),  # a district of another province
        ({"commune_code": "26077"}, "commune_code"),  # a ward of another district
        ({"dose_number": "5"}, "dose_number"),
        ({"vaccinated_on": "2021-02-01"}, "vaccinated_on"),  # before the campaign
        ({"vaccinated_on": "2021-13-01"}, "vaccinated_on"),
        ({"vaccine_code": "SPUTNIK-LIGHT"}, "vaccine_code"),
        ({"lot_number": "A 1"}, "lot_number"),
        ({"dose_number": ""}, "dose_number"),
    ],
)
def test_each_bad_value_is_named_by_line_and_column(changes, field):
    assert refused(7, cells(**changes)) == [f"line[7].{field}"]


def test_a_row_with_too_few_columns_is_named_by_its_line():
    assert refused(3, cells()[:5]) == ["line[3]"]


def test_the_header_must_be_the_contracts():
    check_header(HEADER)
    with pytest.raises(InvalidArgument):
        check_header(HEADER[:-1])
