"""The JSON shapes of the registry and the cases (HTTP_API.md "Registry", "Cases")."""

from typing import Literal

from pydantic import BaseModel

Level = Literal["NONE", "PARTIAL", "FULL", "BOOSTED"]


class RecordedDose(BaseModel):
    dose_id: str
    dose_number: int
    vaccinated_on: str
    vaccine_code: str
    lot_number: str
    facility_code: str


class AddressOut(BaseModel):
    province_code: str
    district_code: str
    commune_code: str
    street: str = ""


class CertificateOut(BaseModel):
    level: Level
    certificate_id: str
    version: int


class RegistryCitizen(BaseModel):
    citizen_id: str
    full_name: str
    date_of_birth: str
    gender: str
    phone: str | None
    national_id: str | None
    address: AddressOut
    doses: list[RecordedDose]
    certificate: CertificateOut | None
    merged_into: str | None


class RegistryCitizens(BaseModel):
    citizens: list[RegistryCitizen]


class RegistryImported(BaseModel):
    citizens: int
    doses: int
    citizen_ids: dict[str, str]


class CaseItem(BaseModel):
    case_id: str
    tracking_code: str
    status: str
    category: str
    unit_code: str
    submitted_at: str
    due_at: str
    overdue: bool
    at_risk: bool
    version: int


class CasePage(BaseModel):
    cases: list[CaseItem]
    next_page_token: str


class CitizenOut(BaseModel):
    full_name: str
    date_of_birth: str | None
    gender: str
    phone: str
    national_id: str | None
    health_insurance_no: str | None
    address: AddressOut


class ClaimedDoseOut(BaseModel):
    dose_number: int
    vaccinated_on: str | None
    vaccine_code: str
    lot_number: str | None
    facility_code: str | None


class ComplaintOut(BaseModel):
    """The complaint as the citizen submitted it (without the one-time code)."""

    citizen: CitizenOut
    category: str
    claimed_doses: list[ClaimedDoseOut]
    description: str


class EvidenceOut(BaseModel):
    evidence_id: str
    content_type: str
    size_bytes: int


class Candidate(RegistryCitizen):
    matched_on: list[Literal["NATIONAL_ID", "PHONE", "NAME_DOB"]]


class WarningOut(BaseModel):
    code: str
    message: str


class HistoryOut(BaseModel):
    at: str
    actor: str
    action: str
    note: str


class MergeProposalOut(BaseModel):
    citizen_id: str
    duplicate_citizen_id: str


class CaseDetail(CaseItem):
    complaint: ComplaintOut
    evidence: list[EvidenceOut]
    candidates: list[Candidate]
    warnings: list[WarningOut]
    history: list[HistoryOut]
    merge_proposals: list[MergeProposalOut]
