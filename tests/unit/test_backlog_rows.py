"""A row of the portal's backlog export: the submission's rules, errors named by column."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.backlog import COLUMNS, check_header, read_row
from phananh_common.errors import InvalidArgument
from phananh_common.local_time import LOCAL_ZONE

from .builders import REFERENCE

NOW = datetime(2021, 10, 5, tzinfo=UTC)
GOOD = {
    "source_id": "PORTAL-1",
    "submitted_at": "2021-09-20T08:30:00",
    "full_name": "Nguyễn Thị Hồng",
    "date_of_birth": "1985-04-12",
    "gender": "FEMALE",
    "phone": "0912345678",
    "national_id": "075185000123",
    "province_code": "75",
    "district_code": "731",
    "commune_code": "25993",
    "category": "MISSING_DOSE",
    "dose1_vaccinated_on": "2021-07-01",
    "dose1_vaccine_code": "AZ",
    "dose2_vaccinated_on": "2021-09-01",
    "dose2_vaccine_code": "AZ",
    "dose2_facility_code": "F731001",
}


def row(**changes) -> list[str]:
    values = GOOD | changes
    return [values.get(column, "") for column in COLUMNS]


def columns(values: list[str]) -> list[str]:
    with pytest.raises(InvalidArgument) as raised:
        read_row(values, NOW, REFERENCE)
    return [v.field for v in raised.value.violations]


def test_a_good_row_is_a_complaint_at_its_original_local_time():
    item = read_row(row(), NOW, REFERENCE)
    assert item.source_id == "PORTAL-1"
    assert item.submitted_at == datetime(2021, 9, 20, 8, 30, tzinfo=LOCAL_ZONE)
    doses = item.accepted.complaint.claimed_doses
    assert [(d.dose_number, d.facility_code) for d in doses] == [(1, ""), (2, "F731001")]
    assert item.accepted.complaint.citizen.phone == "+84912345678"


def test_errors_name_the_export_s_columns():
    bad = row(phone="02838123456", commune_code="26077", dose2_vaccine_code="SINOVAC")
    assert columns(bad) == ["phone", "commune_code", "dose2_vaccine_code"]


def test_a_dose_group_keeps_its_number_when_an_earlier_one_is_empty():
    third = {"dose3_vaccinated_on": "2030-01-01", "dose3_vaccine_code": "AZ"}
    bad = row(dose1_vaccinated_on="", dose1_vaccine_code="", **third)
    assert columns(bad) == ["dose3_vaccinated_on"]


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"submitted_at": "yesterday"}, ["submitted_at"]),
        ({"submitted_at": (NOW + timedelta(days=1)).isoformat()}, ["submitted_at"]),
        ({"submitted_at": "2021-01-01T00:00:00+07:00"}, ["submitted_at"]),
        ({"source_id": ""}, ["source_id"]),
        ({"date_of_birth": "12/04/1985"}, ["date_of_birth"]),
        ({"dose1_vaccinated_on": "2021-02-30"}, ["dose1_vaccinated_on"]),
    ],
)
def test_bad_times_dates_and_ids_are_refused_once(changes, expected):
    assert columns(row(**changes)) == expected


def test_a_short_row_and_a_wrong_header_are_refused():
    assert columns(row()[:-1]) == ["row"]
    with pytest.raises(InvalidArgument):
        check_header(list(COLUMNS[:-1]))
    check_header(list(COLUMNS))
