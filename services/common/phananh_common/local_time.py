"""The time zone the province works in: days, weeks, deadlines and the times shown to people
are cut and written in it; instants are stored in UTC."""

from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
