"""The JSON shapes of the facilities' re-checks (docs/http-api.md, "Cases", step 4)."""

from typing import Literal

from pydantic import BaseModel

from gateway.case_schemas import EvidenceOut
from gateway.schemas import Strict, Text


class RecheckCitizenOut(BaseModel):
    full_name: str
    date_of_birth: str
    # The last four characters of the identity number; "" without one.
    national_id_last4: str


class DoseValuesOut(BaseModel):
    vaccinated_on: str
    vaccine_code: str
    lot_number: str
    facility_code: str


class DoseChangeOut(BaseModel):
    op: Literal["ADD_DOSE", "UPDATE_DOSE"]
    dose_number: int
    # null: the dose was added.
    before: DoseValuesOut | None
    after: DoseValuesOut | None


class RecheckOut(BaseModel):
    recheck_id: str
    case_id: str
    tracking_code: str
    facility_code: str
    status: Literal["PENDING", "CONFIRMED", "FLAGGED"]
    created_at: str
    note: str
    decided_at: str | None
    # PHANANH_RECHECK_HOURS after created_at; overdue: still pending past it.
    due_at: str
    overdue: bool
    # The corrected record's person as it now stands (null: not known for an old re-check).
    citizen: RecheckCitizenOut | None
    # One per dose of this facility the approval added or changed.
    changes: list[DoseChangeOut]


class RecheckDetail(RecheckOut):
    # The complaint's evidence: GET /api/v1/rechecks/{recheck_id}/evidence/{evidence_id}.
    evidence: list[EvidenceOut]


class RecheckPage(BaseModel):
    rechecks: list[RecheckOut]
    next_page_token: str


class RecheckIn(Strict):
    result: Literal["CONFIRMED", "FLAGGED"]
    note: Text = ""
