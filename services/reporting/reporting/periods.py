"""Local days and periods: instants are stored in UTC, but days and weeks are cut in
Asia/Ho_Chi_Minh, where the districts work. No I/O."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from phananh_common.errors import Violations
from phananh_common.local_time import LOCAL_ZONE as ZONE


def local_day(instant: datetime) -> date:
    return instant.astimezone(ZONE).date()


def start_of(day: date, at: time = time()) -> datetime:
    """The UTC instant of `at` o'clock local time on `day`."""
    return datetime.combine(day, at, ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Local days from `first_day` to `last_day`, both included; None leaves that side open."""

    first_day: date | None = None
    last_day: date | None = None

    @property
    def start(self) -> datetime | None:
        return start_of(self.first_day) if self.first_day else None

    @property
    def end(self) -> datetime | None:
        """The first instant after the period."""
        return start_of(self.last_day + timedelta(days=1)) if self.last_day else None


def period_of(first_day: date | None, last_day: date | None, violations: Violations) -> Period:
    if first_day and last_day and first_day > last_day:
        violations.add("to_date", "must not be before from_date")
    return Period(first_day, last_day)
