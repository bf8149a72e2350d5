from pydantic import Field

from phananh_common.config import ServiceSettings
from phananh_common.policy import DeadlinePolicy


class ResolutionSettings(ServiceSettings, DeadlinePolicy):
    service_name = "resolution"
    database_url: str = Field(alias="PHANANH_RESOLUTION_DATABASE_URL", min_length=1)
