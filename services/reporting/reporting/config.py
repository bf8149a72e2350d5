from datetime import time

from pydantic import Field

from phananh_common.config import ServiceSettings
from phananh_common.policy import DeadlinePolicy


class ReportingSettings(ServiceSettings, DeadlinePolicy):
    service_name = "reporting"
    database_url: str = Field(alias="PHANANH_REPORTING_DATABASE_URL", min_length=1)
    # When, on Friday (Asia/Ho_Chi_Minh), every district's weekly draft is generated.
    weekly_report_time: time = Field(time(8), alias="PHANANH_WEEKLY_REPORT_TIME")
