"""One complaint as reporting knows it (its fact), and what each producer's event sets of it.
The complaint's event (from intake) and its case's events (from resolution) may arrive in
either order: each sets its own columns of the same fact, the case's only when its version is
higher; notification's sets the outcome SMS's status, the newest change winning. No I/O."""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from phananh_common import statuses
from phananh_common.units import DISTRICT, units

# The messages that tell a citizen the outcome: notification names each after the closed
# status it tells.
OUTCOME_MESSAGES = statuses.CLOSED


@dataclass(frozen=True)
class Fact:
    """One complaint as reporting knows it, whatever order its events came in."""

    submitted_at: datetime | None  # None until the complaint's own event has arrived
    category: str
    unit_code: str  # the unit whose team holds the case; the address district before that
    status: str
    due_at: datetime | None
    decided_at: datetime | None
    reason_code: str
    outcome_sms: str = ""  # the status of the SMS that told the citizen the outcome


def fact_of(columns: Mapping) -> Fact:
    """The fact of the complaint's columns (complaint_facts' row)."""
    return Fact(
        submitted_at=columns["submitted_at"],
        category=columns["category"] or "",
        unit_code=columns["unit_code"] or columns["district_code"] or "",
        status=columns["status"],
        due_at=columns["due_at"],
        decided_at=columns["decided_at"],
        reason_code=columns["reason_code"] or "",
        outcome_sms=columns["outcome_sms_status"] or "",
    )


def handling_units(unit_code: str) -> list[str]:
    """The unit and those above it: a complaint counts in each."""
    return units().ancestors(unit_code) or ([unit_code] if unit_code else [])


def districts_of(unit_codes: Iterable[str]) -> list[str]:
    """The districts the units are or lie in (in code order): whose weekly reports hold
    the units' counts."""
    found = set()
    for code in unit_codes:
        for above in units().ancestors(code):
            if units().get(above).level == DISTRICT:
                found.add(above)
    return sorted(found)


# Each event below gives the fact's new columns from its current ones, or None when it
# changes nothing (an older version, an older SMS status).


@dataclass(frozen=True)
class ComplaintSubmitted:
    complaint_id: uuid.UUID
    category: str
    province_code: str
    district_code: str
    commune_code: str
    submitted_at: datetime

    def columns(self, current: Mapping, policy_due_at: datetime) -> dict:
        """The policy's deadline from the submission stands until the case brings its own."""
        return {
            "category": self.category,
            "province_code": self.province_code,
            "district_code": self.district_code,
            "commune_code": self.commune_code,
            "submitted_at": self.submitted_at,
            "due_at": policy_due_at if current["case_version"] == 0 else current["due_at"],
        }


@dataclass(frozen=True)
class CaseChanged:
    complaint_id: uuid.UUID
    version: int
    status: str
    unit_code: str
    changed_at: datetime
    decided_at: datetime | None  # the outcome's, when it gives one
    reason_code: str  # the outcome's
    due_at: datetime | None  # None: the deadline known so far stands

    def columns(self, current: Mapping) -> dict | None:
        if self.version <= current["case_version"]:
            return None
        closed = self.status in statuses.CLOSED
        values = {
            "status": self.status,
            "unit_code": self.unit_code,
            "decided_at": (self.decided_at or self.changed_at) if closed else None,
            "reason_code": self.reason_code if self.status == statuses.REJECTED else None,
        }
        if self.due_at is not None:
            values["due_at"] = self.due_at
        return {**values, "case_version": self.version}


@dataclass(frozen=True)
class MessageStatusChanged:
    complaint_id: uuid.UUID
    kind: str
    status: str
    changed_at: datetime

    @property
    def tells_outcome(self) -> bool:
        """The SMS that tells the citizen the outcome; the other messages are not reported."""
        return self.kind in OUTCOME_MESSAGES

    def columns(self, current: Mapping) -> dict | None:
        last = current["outcome_sms_at"]
        if last is not None and self.changed_at <= last:
            return None
        return {"outcome_sms_status": self.status, "outcome_sms_at": self.changed_at}
