from datetime import timedelta

from pydantic import Field

from phananh_common.config import ServiceData, ServiceSettings
from phananh_common.policy import DeadlinePolicy, RetentionPolicy


class IntakeData(ServiceData, DeadlinePolicy):
    """What intake's commands (the backlog import) need: no server, no tokens."""

    database_url: str = Field(alias="PHANANH_INTAKE_DATABASE_URL", min_length=1)


class IntakeSettings(IntakeData, ServiceSettings, RetentionPolicy):
    service_name = "intake"
    # A submission must carry a one-time code sent to the citizen's phone.
    otp_required: bool = Field(True, alias="PHANANH_OTP_REQUIRED")
    # How long a submission's Idempotency-Key gives its first answer back; then it is
    # forgotten (purged every minute) and may be used again.
    idempotency_key_hours: float = Field(24.0, gt=0, alias="PHANANH_IDEMPOTENCY_KEY_HOURS")
    # Per client address and hour (intake/rate_limits.py). Many citizens may share an address
    # behind a carrier's NAT: generous for what succeeds, strict for lookups of a tracking
    # code and phone that match nothing, which is what guessing them looks like.
    submissions_per_address: int = Field(200, ge=1, alias="PHANANH_SUBMISSIONS_PER_ADDRESS")
    additions_per_address: int = Field(1000, ge=1, alias="PHANANH_ADDITIONS_PER_ADDRESS")
    failed_lookups_per_address: int = Field(30, ge=1, alias="PHANANH_FAILED_LOOKUPS_PER_ADDRESS")

    # The reading of evidence (intake/service/evidence_checks.py): files read at once by one
    # replica (each Tesseract on one core), one reading's time limit, attempts before FAILED.
    evidence_check_concurrency: int = Field(
        1, ge=1, le=16, alias="PHANANH_EVIDENCE_CHECK_CONCURRENCY"
    )
    evidence_check_seconds: float = Field(60.0, gt=0, alias="PHANANH_EVIDENCE_CHECK_SECONDS")
    evidence_check_attempts: int = Field(5, ge=1, alias="PHANANH_EVIDENCE_CHECK_ATTEMPTS")

    @property
    def keys_kept_for(self) -> timedelta:
        return timedelta(hours=self.idempotency_key_hours)
