"""The JSON shapes of the registry and the cases (docs/http-api.md, "Registry", "Cases")."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from gateway.evidence_checks import EvidenceChecksOut
from gateway.schemas import Day, Gender, Int32, Int64, Short, Strict, Text

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
    # The file's records new to the registry, changed by it, and left as they were.
    created: int
    updated: int
    unchanged: int


class RegistryHistoryEntry(BaseModel):
    at: str
    actor: str
    source: Literal["CASE", "IMPORT", "MERGE"]
    case_id: str | None
    op: str
    # The record before (null: the change created it) and after.
    before: dict | None
    after: dict | None


class RegistryHistory(BaseModel):
    entries: list[RegistryHistoryEntry]


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
    # The complainant's name as the complaint gives it (the queue's column).
    citizen_name: str = ""
    # In the queue's list: exactly one registry record holds the complaint's identity number.
    one_strong_match: bool = False


class QueueCounts(BaseModel):
    """The queue's cases on every page (its unit, status and search; not `overdue`)."""

    total: int
    overdue: int
    due_today: int


class CasePage(BaseModel):
    cases: list[CaseItem]
    next_page_token: str
    counts: QueueCounts


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
    checks: EvidenceChecksOut


class Candidate(RegistryCitizen):
    """A record that may be the complaint's person. One outside the caller's unit is
    `masked`: the name's initials, the `birth_year` (no `date_of_birth`), the address's
    province and district, no phone, identity number, doses or certificate; it may not be
    corrected, but the case may be reassigned to its `district_code`."""

    matched_on: list[Literal["NATIONAL_ID", "PHONE", "NAME_DOB"]]
    date_of_birth: str | None
    birth_year: int
    masked: bool
    # The district of the record's address.
    district_code: str


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


class PossibleRepeatOut(BaseModel):
    """An open complaint of the same person and category sent from another phone when this
    one came: its code and case when that case lies inside the caller's unit, else both null
    (only the fact)."""

    tracking_code: str | None
    case_id: str | None


class DoseDifferenceOut(BaseModel):
    dose_number: int
    # vaccinated_on, vaccine_code, lot_number or facility_code (a date as YYYY-MM-DD).
    field: str
    claimed: str
    recorded: str


class FieldDifferenceOut(BaseModel):
    # full_name (compared without case and diacritics), date_of_birth, gender, national_id
    # or phone.
    field: str
    claimed: str
    recorded: str


class DifferenceOut(BaseModel):
    """The claim beside one candidate (a masked candidate: its citizen_id alone)."""

    citizen_id: str
    # Dose numbers claimed but not on the record.
    missing_doses: list[int]
    doses: list[DoseDifferenceOut]
    person: list[FieldDifferenceOut]
    # What approving with this record would correct (as the approval takes them).
    corrections: list["CorrectionIn"]


class CaseDetail(CaseItem):
    complaint: ComplaintOut
    evidence: list[EvidenceOut]
    candidates: list[Candidate]
    warnings: list[WarningOut]
    history: list[HistoryOut]
    merge_proposals: list[MergeProposalOut]
    possible_repeat_of: PossibleRepeatOut | None
    differences: list[DifferenceOut]
    # The record that stands out (null: none; the officer picks) and its corrections.
    proposed_citizen_id: str | None
    proposed_corrections: list["CorrectionIn"]


class Action(Strict):
    # The version the officer saw; a case changed since answers 409.
    expected_version: Int64 | None = None


class AddDoseIn(Strict):
    op: Literal["ADD_DOSE"]
    dose_number: Int32
    vaccinated_on: Day
    vaccine_code: Short
    lot_number: Short = ""
    facility_code: Short = ""


class UpdateDoseIn(Strict):
    op: Literal["UPDATE_DOSE"]
    dose_id: Short
    dose_number: Int32 | None = None
    vaccinated_on: Day | None = None
    vaccine_code: Short | None = None
    lot_number: Short | None = None
    facility_code: Short | None = None


class AddressIn(Strict):
    province_code: Short
    district_code: Short
    commune_code: Short = ""
    street: Short = ""


class UpdatePersonIn(Strict):
    op: Literal["UPDATE_PERSON"]
    full_name: Short | None = None
    date_of_birth: Day | None = None
    gender: Gender | None = None
    phone: Short | None = None
    national_id: Short | None = None
    address: AddressIn | None = None


class MergeRecordIn(Strict):
    op: Literal["MERGE_RECORD"]
    duplicate_citizen_id: Short


class CreateRecordIn(Strict):
    op: Literal["CREATE_RECORD"]


CorrectionIn = Annotated[
    AddDoseIn | UpdateDoseIn | UpdatePersonIn | MergeRecordIn | CreateRecordIn,
    Field(discriminator="op"),
]


class ApproveIn(Action):
    citizen_id: Short = ""
    corrections: Annotated[list[CorrectionIn], Field(max_length=50)]
    # Internal (officers only); citizen_message is what the citizen reads.
    note: Text = ""
    citizen_message: Text = ""


class RejectIn(Action):
    reason_code: Short
    note: Text = ""
    citizen_message: Text = ""


class RequestInfoIn(Action):
    message: Text


class ReassignIn(Action):
    unit_code: Short
    note: Text = ""


class DuplicateIn(Action):
    of_tracking_code: Short


class BulkIn(Strict):
    case_ids: Annotated[list[Short], Field(min_length=1, max_length=500)]
    action: Literal["REJECT", "APPROVE_AS_CLAIMED"]
    reason_code: Short = ""
    note: Text = ""
    citizen_message: Text = ""


class BulkResult(BaseModel):
    case_id: str
    ok: bool
    error: str | None
    # The error's reason, when it has one (e.g. RECORD_OUTSIDE_UNIT).
    reason: str | None = None


class BulkOut(BaseModel):
    results: list[BulkResult]


# The differences and the case name the corrections defined after them.
DifferenceOut.model_rebuild()
CaseDetail.model_rebuild()
