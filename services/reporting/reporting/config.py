from datetime import date, time

from pydantic import Field

from phananh_common.config import ServiceSettings
from phananh_common.policy import DeadlinePolicy


class ReportingSettings(ServiceSettings, DeadlinePolicy):
    service_name = "reporting"
    database_url: str = Field(alias="PHANANH_REPORTING_DATABASE_URL", min_length=1)
    # The date the backlog should reach zero on the dashboard (the order's: 15 Oct 2021).
    backlog_deadline: date = Field(date(2021, 10, 15), alias="PHANANH_BACKLOG_DEADLINE")
    # When, on Friday (Asia/Ho_Chi_Minh), every district's weekly draft is generated.
    weekly_report_time: time = Field(time(8), alias="PHANANH_WEEKLY_REPORT_TIME")
