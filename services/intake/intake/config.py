from pydantic import Field

from phananh_common.config import ServiceSettings
from phananh_common.policy import DeadlinePolicy


class IntakeSettings(ServiceSettings, DeadlinePolicy):
    service_name = "intake"
    database_url: str = Field(alias="PHANANH_INTAKE_DATABASE_URL", min_length=1)
    # A submission must carry a one-time code sent to the citizen's phone.
    otp_required: bool = Field(True, alias="PHANANH_OTP_REQUIRED")
