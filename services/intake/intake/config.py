from pydantic import Field

from phananh_common.config import ServiceData, ServiceSettings
from phananh_common.policy import DeadlinePolicy


class IntakeData(ServiceData, DeadlinePolicy):
    """What intake's commands (the backlog import) need: no server, no tokens."""

    database_url: str = Field(alias="PHANANH_INTAKE_DATABASE_URL", min_length=1)


class IntakeSettings(IntakeData, ServiceSettings):
    service_name = "intake"
    # A submission must carry a one-time code sent to the citizen's phone.
    otp_required: bool = Field(True, alias="PHANANH_OTP_REQUIRED")
