from datetime import time
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator, model_validator

from phananh_common.config import PhananhSettings, ServiceData, ServiceSettings
from phananh_common.errors import Violations
from phananh_common.policy import DeadlinePolicy
from phananh_common.tokens import load_private_key, load_public_key
from resolution.accounts.domain import check_password, check_username


class AccountSettings(PhananhSettings):
    """Signing of access tokens (resolution alone holds the private key), logins, the
    first province admin."""

    token_signing_key: str = Field("", alias="PHANANH_TOKEN_SIGNING_KEY")
    token_signing_key_file: str = Field("", alias="PHANANH_TOKEN_SIGNING_KEY_FILE")
    access_token_minutes: float = Field(
        15.0, gt=0, le=24 * 60, alias="PHANANH_ACCESS_TOKEN_MINUTES"
    )
    # Failed logins of a username from a client address (domain.LoginThrottle).
    login_max_failures: int = Field(5, ge=1, alias="PHANANH_LOGIN_MAX_FAILURES")
    login_delay_minutes: float = Field(1.0, gt=0, alias="PHANANH_LOGIN_DELAY_MINUTES")
    login_max_delay_minutes: float = Field(
        60.0, gt=0, le=24 * 60, alias="PHANANH_LOGIN_MAX_DELAY_MINUTES"
    )
    login_max_failures_per_username: int = Field(
        100, ge=1, le=100, alias="PHANANH_LOGIN_MAX_FAILURES_PER_USERNAME"
    )
    # Failed logins from a client address, whatever the username.
    login_max_failures_per_address: int = Field(
        20, ge=1, alias="PHANANH_LOGIN_MAX_FAILURES_PER_ADDRESS"
    )
    login_address_window_minutes: float = Field(
        15.0,
        gt=0,
        # Its former name: it was also the length of the per-account lockout, now gone.
        validation_alias=AliasChoices(
            "PHANANH_LOGIN_ADDRESS_WINDOW_MINUTES", "PHANANH_LOCKOUT_MINUTES"
        ),
    )
    admin_2fa: bool = Field(False, alias="PHANANH_ADMIN_2FA")
    # "username:password": a province admin created at first start, who must change it.
    bootstrap_admin: str = Field("", alias="PHANANH_BOOTSTRAP_ADMIN", repr=False)

    @field_validator("bootstrap_admin")
    @classmethod
    def _username_and_password(cls, value: str) -> str:
        if value:
            username, _, password = value.partition(":")
            violations = Violations()
            check_username(violations, username)
            check_password(violations, "password", password, username)
            if violations.items:
                wrong = "; ".join(f"{v.field} {v.description}" for v in violations.items)
                raise ValueError(f"must be username:password ({wrong})")
        return value

    @property
    def signing_key_pem(self) -> str:
        if self.token_signing_key:
            return self.token_signing_key
        return Path(self.token_signing_key_file).read_text()


class ResolutionData(ServiceData):
    """What resolution's commands (the registry import) need: no server, no tokens."""

    database_url: str = Field(alias="PHANANH_RESOLUTION_DATABASE_URL", min_length=1)


class ResolutionSettings(ResolutionData, ServiceSettings, DeadlinePolicy, AccountSettings):
    service_name = "resolution"
    # When (Asia/Ho_Chi_Minh) each unit's officers get the day's overdue digest.
    digest_at: time = Field(time(7), alias="PHANANH_DIGEST_AT")
    # How long a facility has to re-check a corrected record before it shows as overdue.
    recheck_hours: float = Field(72.0, gt=0, le=24 * 90, alias="PHANANH_RECHECK_HOURS")

    @model_validator(mode="after")
    def _signing_key_matches_public_key(self) -> "ResolutionSettings":
        if bool(self.token_signing_key) == bool(self.token_signing_key_file):
            raise ValueError(
                "set one of PHANANH_TOKEN_SIGNING_KEY and PHANANH_TOKEN_SIGNING_KEY_FILE"
            )
        try:
            private = load_private_key(self.signing_key_pem)
        except (OSError, ValueError) as error:
            raise ValueError(f"the token signing key: {type(error).__name__}") from None
        if private.public_key() != load_public_key(self.token_public_key):
            raise ValueError("PHANANH_TOKEN_SIGNING_KEY does not match PHANANH_TOKEN_PUBLIC_KEY")
        return self
