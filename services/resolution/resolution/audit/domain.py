"""The access audit's records: one entry per officer's read of the citizens' data."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from phananh_common.tokens import Principal

CASE_READ = "CASE_READ"
EVIDENCE_READ = "EVIDENCE_READ"
REGISTRY_READ = "REGISTRY_READ"
REGISTRY_SEARCH = "REGISTRY_SEARCH"


@dataclass(frozen=True)
class Reader:
    """An officer reading, and where the request came from."""

    principal: Principal
    client_address: str


@dataclass(frozen=True)
class Read:
    """What one read concerned (the ids empty where it concerned none)."""

    action: str
    case_id: uuid.UUID | None = None
    citizen_id: uuid.UUID | None = None
    evidence_id: str = ""
    detail: str = ""


@dataclass(frozen=True)
class AccessEntry:
    entry_id: int
    at: datetime
    actor: str
    role: str
    action: str
    case_id: uuid.UUID | None
    citizen_id: uuid.UUID | None
    evidence_id: str
    client_address: str
    detail: str


@dataclass(frozen=True)
class AccessQuery:
    """The filters of a look into the audit, each optional; `until` excluded."""

    actor: str = ""
    case_id: uuid.UUID | None = None
    citizen_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
