from pydantic import Field

from phananh_common.config import ServiceSettings


class ReportingSettings(ServiceSettings):
    service_name = "reporting"
    database_url: str = Field(alias="PHANANH_REPORTING_DATABASE_URL", min_length=1)
