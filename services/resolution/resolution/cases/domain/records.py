"""A case, its history and its re-checks as they are read. No I/O."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from resolution.cases.domain.corrections import DoseChange


@dataclass(frozen=True)
class CaseRow:
    case_id: uuid.UUID
    complaint_id: uuid.UUID
    tracking_code: str
    category: str
    status: str
    unit_code: str
    submitted_at: datetime
    due_at: datetime
    version: int
    complaint: bytes  # phananh.types.v1.Complaint, as submitted
    warnings: list
    paused_at: datetime | None
    # The code of an open complaint of the same person and category from another phone.
    possible_repeat_of: str | None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    note: str


@dataclass(frozen=True)
class RecheckRow:
    recheck_id: uuid.UUID
    case_id: uuid.UUID
    tracking_code: str
    facility_code: str
    unit_code: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    note: str
    # The corrected record (None: a re-check opened before it was kept).
    citizen_id: uuid.UUID | None
    # The changes to this facility's doses.
    changes: tuple[DoseChange, ...]
