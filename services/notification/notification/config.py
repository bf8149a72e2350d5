from pydantic import Field

from phananh_common.config import ServiceSettings


class NotificationSettings(ServiceSettings):
    service_name = "notification"
    database_url: str = Field(alias="PHANANH_NOTIFICATION_DATABASE_URL", min_length=1)
