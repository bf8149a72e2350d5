"""The JSON shapes of the contract (docs/http-api.md). Types and enums are checked here; the
rules of the domain (phone formats, dates, codes) are checked by the owning service."""

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_date_text(value):
    if not (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


# Dates only as "YYYY-MM-DD" strings: no numbers (nor "0" in a query) taken as timestamps.
Day = Annotated[date, BeforeValidator(_iso_date_text)]
Gender = Literal["MALE", "FEMALE", "OTHER"]
Category = Literal[
    "MISSING_DOSE", "WRONG_DOSE_INFO", "WRONG_PERSONAL_INFO", "SPLIT_RECORD", "OTHER"
]
Status = Literal[
    "RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO", "RESOLVED", "REJECTED", "DUPLICATE"
]
# Generous outer bounds against abuse; the service gives the precise limits.
Text = Annotated[str, Field(max_length=4000)]
Short = Annotated[str, Field(max_length=400)]
# The ranges of the protobuf fields they travel in.
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Address(Strict):
    province_code: Short
    district_code: Short
    commune_code: Short
    street: Short = ""


class Citizen(Strict):
    full_name: Short
    date_of_birth: Day
    gender: Gender
    phone: Short
    national_id: Short | None = None
    health_insurance_no: Short | None = None
    address: Address


class ClaimedDose(Strict):
    dose_number: Int32
    vaccinated_on: Day
    vaccine_code: Short
    lot_number: Short | None = None
    facility_code: Short | None = None


class ComplaintIn(Strict):
    citizen: Citizen
    category: Category
    claimed_doses: Annotated[list[ClaimedDose], Field(max_length=10)] = []
    description: Text = ""
    otp: Short | None = None
    # The version of GET /api/v1/privacy-notice the citizen was shown.
    privacy_notice_version: Short | None = None


class PrivacyNotice(BaseModel):
    version: str
    text: str


class WarningItem(BaseModel):
    code: str
    message: str


class Submitted(BaseModel):
    tracking_code: str
    status: Status
    submitted_at: str
    due_at: str
    warnings: list[WarningItem]
    deduplicated: bool = False


class Outcome(BaseModel):
    kind: Literal["RESOLVED", "REJECTED", "NEEDS_INFO", "DUPLICATE"]
    reason_code: str | None
    message: str | None
    decided_at: str


class ComplaintStatus(BaseModel):
    tracking_code: str
    status: Status
    category: Category
    submitted_at: str
    due_at: str
    outcome: Outcome | None = None
    certificate_level: Literal["NONE", "PARTIAL", "FULL", "BOOSTED"] | None = None


class FieldViolationBody(BaseModel):
    field: str
    description: str
    # The rule the value broke, when the service names one (e.g. PASSWORD_TOO_COMMON).
    reason: str | None = None


class ErrorDetail(BaseModel):
    code: str
    reason: str | None = None
    message: str
    field_violations: list[FieldViolationBody] = []


class ErrorBody(BaseModel):
    error: ErrorDetail


class Unit(BaseModel):
    code: str
    name: str
    level: Literal["PROVINCE", "DISTRICT", "COMMUNE"]


class Units(BaseModel):
    units: list[Unit]


class Vaccine(BaseModel):
    code: str
    name: str
    doses_for_full_course: int


class Vaccines(BaseModel):
    vaccines: list[Vaccine]


class RejectionReason(BaseModel):
    code: str
    title: str
    citizen_advice: str


class RejectionReasons(BaseModel):
    reasons: list[RejectionReason]


class Facility(BaseModel):
    code: str
    name: str
    district_code: str
    commune_code: str


class Facilities(BaseModel):
    facilities: list[Facility]


class Imported(BaseModel):
    imported: int


class OtpIn(Strict):
    phone: Short


class OtpSent(BaseModel):
    expires_at: str


class SupplementIn(Strict):
    phone: Short
    description: Text = ""
    claimed_doses: Annotated[list[ClaimedDose], Field(max_length=10)] = []


class Supplemented(BaseModel):
    tracking_code: str
    status: Status


class EvidenceAdded(BaseModel):
    evidence_id: str
    content_type: str
    # Of the file as stored: an image is re-encoded without its metadata.
    size_bytes: int
    # The variance of the Laplacian at a normal size, and whether that is too blurred to read.
    sharpness: float
    blurry: bool
