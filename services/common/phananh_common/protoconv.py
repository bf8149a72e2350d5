"""Conversions between protobuf types and Python values that every servicer needs."""

from datetime import UTC, date, datetime

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.timestamp_pb2 import Timestamp
from google.type.date_pb2 import Date


def _prefix(enum: EnumTypeWrapper) -> str:
    # Buf's convention: every value starts with the enum's name in UPPER_SNAKE_CASE.
    return enum.Name(0).removesuffix("UNSPECIFIED")


def enum_name(enum: EnumTypeWrapper, value: int) -> str:
    """`GENDER_FEMALE` → `FEMALE`; the unspecified value (or an unknown one) → ``."""
    if value == 0 or value not in enum.values():
        return ""
    return enum.Name(value).removeprefix(_prefix(enum))


def enum_value(enum: EnumTypeWrapper, name: str) -> int:
    """`FEMALE` → GENDER_FEMALE; an unknown or empty name → 0 (unspecified)."""
    if not name:
        return 0
    try:
        return enum.Value(_prefix(enum) + name)
    except ValueError:
        return 0


def to_date(value: Date) -> date | None:
    """A google.type.Date; None when unset or not a real date."""
    if not value.year and not value.month and not value.day:
        return None
    try:
        return date(value.year, value.month, value.day)
    except ValueError:
        return None


def from_date(value: date | None) -> Date:
    return Date(year=value.year, month=value.month, day=value.day) if value else Date()


def to_datetime(value: Timestamp) -> datetime:
    return value.ToDatetime(tzinfo=UTC)


_EPOCH = datetime(1970, 1, 1)


def from_datetime(value: datetime | None) -> Timestamp:
    """Timestamp.FromDatetime's value (naive: UTC), in a fifth of its time (bulk imports make
    hundreds of thousands)."""
    if value is None:
        return Timestamp()
    offset = value.utcoffset()
    utc = value.replace(tzinfo=None) - offset if offset else value.replace(tzinfo=None)
    since_epoch = utc.replace(microsecond=0) - _EPOCH
    return Timestamp(
        seconds=since_epoch.days * 86_400 + since_epoch.seconds, nanos=value.microsecond * 1000
    )
