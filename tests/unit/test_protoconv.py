"""Conversions between protobuf values and Python values."""

import random
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from google.type.date_pb2 import Date

from phananh.types.v1.types_pb2 import CaseStatus, Gender
from phananh_common.protoconv import (
    enum_name,
    enum_value,
    from_date,
    from_datetime,
    to_date,
    to_datetime,
)


@pytest.mark.parametrize(
    ("enum", "value", "name"),
    [
        (Gender, Gender.GENDER_MALE, "MALE"),
        (Gender, Gender.GENDER_FEMALE, "FEMALE"),
        (Gender, Gender.GENDER_OTHER, "OTHER"),
        (CaseStatus, CaseStatus.CASE_STATUS_RECEIVED, "RECEIVED"),
        (CaseStatus, CaseStatus.CASE_STATUS_IN_REVIEW, "IN_REVIEW"),
        (CaseStatus, CaseStatus.CASE_STATUS_NEEDS_INFO, "NEEDS_INFO"),
        (CaseStatus, CaseStatus.CASE_STATUS_DUPLICATE, "DUPLICATE"),
    ],
)
def test_enum_value_and_its_api_name_convert_both_ways(enum, value, name):
    assert enum_name(enum, value) == name
    assert enum_value(enum, name) == value


@pytest.mark.parametrize("enum", [Gender, CaseStatus])
def test_every_specified_enum_value_round_trips(enum):
    for value in enum.values()[1:]:
        assert enum_name(enum, value)
        assert enum_value(enum, enum_name(enum, value)) == value


@pytest.mark.parametrize("enum", [Gender, CaseStatus])
def test_unspecified_is_the_empty_name(enum):
    assert enum_name(enum, 0) == ""
    assert enum_value(enum, "") == 0


@pytest.mark.parametrize(
    ("enum", "name"),
    [
        (Gender, "ROBOT"),
        (Gender, "female"),
        (Gender, "RECEIVED"),
        (CaseStatus, "CLOSED"),
        (CaseStatus, "FEMALE"),
    ],
)
def test_unknown_name_is_unspecified(enum, name):
    assert enum_value(enum, name) == 0


@pytest.mark.parametrize("enum", [Gender, CaseStatus])
def test_unknown_number_has_the_empty_name(enum):
    assert enum_name(enum, 99) == ""


def test_date_round_trips():
    day = date(2021, 9, 1)
    assert from_date(day) == Date(year=2021, month=9, day=1)
    assert to_date(from_date(day)) == day


def test_leap_day_is_a_real_date():
    assert to_date(Date(year=2020, month=2, day=29)) == date(2020, 2, 29)


def test_unset_date_is_none_both_ways():
    assert to_date(Date()) is None
    assert from_date(None) == Date()


@pytest.mark.parametrize(
    "value",
    [
        Date(year=2021, month=2, day=30),
        Date(year=2021, month=2, day=29),
        Date(year=2021, month=13, day=1),
        Date(year=2021, month=4, day=31),
        Date(year=2021),
        Date(month=9, day=1),
    ],
)
def test_invalid_date_is_none(value):
    assert to_date(value) is None


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2021, 9, 1, 8, 30, 15, 123456, tzinfo=UTC),
        datetime(2021, 9, 1, 8, 30, tzinfo=timezone(timedelta(hours=7))),
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_timestamp_round_trips_as_the_same_instant_in_utc(instant):
    back = to_datetime(from_datetime(instant))
    assert back == instant
    assert back.utcoffset() == timedelta(0)


def test_an_instant_in_vietnam_time_is_seven_hours_earlier_in_utc():
    in_hanoi = datetime(2021, 9, 1, 7, 0, tzinfo=timezone(timedelta(hours=7)))
    assert to_datetime(from_datetime(in_hanoi)) == datetime(2021, 9, 1, 0, 0, tzinfo=UTC)
    assert from_datetime(in_hanoi).seconds == int(in_hanoi.timestamp())


def test_no_instant_is_an_unset_timestamp():
    assert from_datetime(None) == Timestamp()


def test_from_datetime_gives_exactly_what_protobuf_gives():
    rng = random.Random(7)
    zones = [UTC, ZoneInfo("Asia/Ho_Chi_Minh"), timezone(timedelta(hours=-3, minutes=-30)), None]
    for _ in range(2000):
        instant = datetime(1900, 1, 1) + timedelta(
            microseconds=rng.randrange(200 * 365 * 86400 * 10**6)
        )
        instant = instant.replace(tzinfo=rng.choice(zones))
        expected = Timestamp()
        expected.FromDatetime(instant)
        assert from_datetime(instant) == expected, instant
