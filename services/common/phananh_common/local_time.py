"""The province's time: days, weeks, deadlines and the times shown to people are cut and
written in its zone; instants are stored in UTC; code that decides by the time takes a
`Clock`, so tests can set it."""

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
