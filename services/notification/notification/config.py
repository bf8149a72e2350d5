from typing import Literal

from pydantic import Field, field_validator, model_validator

from notification.domain import QuietHours
from phananh_common.config import ServiceSettings


class NotificationSettings(ServiceSettings):
    service_name = "notification"
    database_url: str = Field(alias="PHANANH_NOTIFICATION_DATABASE_URL", min_length=1)

    sms_provider: Literal["file", "kannel", "smpp"] = Field("file", alias="PHANANH_SMS_PROVIDER")
    # The file provider's JSON lines file (the demo's and the tests' "SMS gateway").
    sms_file: str = Field("", alias="PHANANH_SMS_FILE")
    # Alphanumeric sender name (at most 11 characters) or a number (at most 15 digits).
    sms_sender: str = Field(
        "SYTDONGNAI", alias="PHANANH_SMS_SENDER", pattern=r"^([A-Za-z0-9 .\-]{1,11}|\+?\d{1,15})$"
    )
    sms_unicode: bool = Field(False, alias="PHANANH_SMS_UNICODE")
    sms_max_segments: int = Field(3, ge=1, le=10, alias="PHANANH_SMS_MAX_SEGMENTS")
    sms_rate_per_second: float = Field(20.0, gt=0, le=10_000, alias="PHANANH_SMS_RATE_PER_SECOND")
    sms_max_attempts: int = Field(8, ge=1, le=100, alias="PHANANH_SMS_MAX_ATTEMPTS")
    sms_quiet_hours: str = Field("22:00-07:00", alias="PHANANH_SMS_QUIET_HOURS")

    kannel_url: str = Field("", alias="PHANANH_KANNEL_URL", pattern=r"^(https?://\S+)?$")
    kannel_username: str = Field("", alias="PHANANH_KANNEL_USERNAME")
    kannel_password: str = Field("", alias="PHANANH_KANNEL_PASSWORD")
    # An operator's SMSC, over SMPP 3.4 (a transceiver bind). The lengths are SMPP's.
    smpp_host: str = Field("", alias="PHANANH_SMPP_HOST")
    smpp_port: int = Field(2775, ge=1, le=65535, alias="PHANANH_SMPP_PORT")
    smpp_system_id: str = Field("", max_length=15, alias="PHANANH_SMPP_SYSTEM_ID")
    smpp_password: str = Field("", max_length=8, alias="PHANANH_SMPP_PASSWORD")
    smpp_system_type: str = Field("", max_length=12, alias="PHANANH_SMPP_SYSTEM_TYPE")
    smpp_tls: bool = Field(False, alias="PHANANH_SMPP_TLS")
    # Where Kannel's delivery reports arrive: a small HTTP listener in this process.
    callback_host: str = Field("0.0.0.0", alias="PHANANH_NOTIFICATION_CALLBACK_HOST")
    callback_port: int = Field(8053, ge=1, le=65535, alias="PHANANH_NOTIFICATION_CALLBACK_PORT")
    # How Kannel reaches that listener; default http://127.0.0.1:<callback port>.
    callback_url: str = Field(
        "", alias="PHANANH_NOTIFICATION_CALLBACK_URL", pattern=r"^(https?://\S+)?$"
    )

    fhir_base_url: str = Field("", alias="PHANANH_FHIR_BASE_URL", pattern=r"^(https?://\S+)?$")
    fhir_dose_system: str = Field(
        "urn:phananh:dose-id", alias="PHANANH_FHIR_DOSE_SYSTEM", pattern=r"^\S+:\S+$"
    )
    # The identifier system of the citizens' identity numbers in the health book's Patients.
    fhir_person_id_system: str = Field(
        "urn:phananh:national-id", alias="PHANANH_FHIR_PERSON_ID_SYSTEM", pattern=r"^\S+:\S+$"
    )
    fhir_max_attempts: int = Field(10, ge=1, le=100, alias="PHANANH_FHIR_MAX_ATTEMPTS")

    @field_validator("sms_quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        QuietHours.parse(value)
        return value

    @model_validator(mode="after")
    def _provider_settings(self) -> "NotificationSettings":
        if self.sms_provider == "file" and not self.sms_file:
            raise ValueError("PHANANH_SMS_FILE is required with PHANANH_SMS_PROVIDER=file")
        if self.sms_provider == "kannel" and not self.kannel_url:
            raise ValueError("PHANANH_KANNEL_URL is required with PHANANH_SMS_PROVIDER=kannel")
        if self.sms_provider == "smpp" and not (self.smpp_host and self.smpp_system_id):
            raise ValueError(
                "PHANANH_SMPP_HOST and PHANANH_SMPP_SYSTEM_ID are required with "
                "PHANANH_SMS_PROVIDER=smpp"
            )
        return self

    @property
    def quiet_hours(self) -> QuietHours | None:
        return QuietHours.parse(self.sms_quiet_hours)

    @property
    def delivery_report_url(self) -> str:
        base = self.callback_url or f"http://127.0.0.1:{self.callback_port}"
        return base.rstrip("/") + "/kannel/delivery-report"
