"""The events the cases' use cases publish, built from their rows (the corrected record's is
the registry's: registry.service.events)."""

from datetime import date, datetime

from phananh.events.v1.resolution_events_pb2 import (
    CaseOutcome,
    CaseStatusChanged,
    DigestRecipient,
    OverdueDigest,
)
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_date, from_datetime
from resolution.accounts import directory
from resolution.cases.domain.deadlines import DeadlineCounts
from resolution.cases.domain.records import CaseRow


def status_changed(
    case: CaseRow,
    status: str,
    version: int,
    changed_at: datetime,
    *,
    unit_code: str = "",
    due_at: datetime | None = None,
    outcome: CaseOutcome | None = None,
) -> CaseStatusChanged:
    """The case's new status (and unit, deadline, outcome where they changed)."""
    return CaseStatusChanged(
        case_id=str(case.case_id),
        complaint_id=str(case.complaint_id),
        tracking_code=case.tracking_code,
        status=enum_value(types_pb2.CaseStatus, status),
        unit_code=unit_code or case.unit_code,
        due_at=from_datetime(due_at or case.due_at),
        changed_at=from_datetime(changed_at),
        version=version,
        outcome=outcome,
    )


def case_outcome(kind, decided_at: datetime, **fields) -> CaseOutcome:
    """What a decision tells the citizen (OutcomeKind `kind`, and its fields)."""
    return CaseOutcome(kind=kind, decided_at=from_datetime(decided_at), **fields)


def overdue_digest(
    unit_code: str,
    day: date,
    counts: DeadlineCounts,
    recipients: list[directory.DigestRecipient],
    at: datetime,
) -> OverdueDigest:
    return OverdueDigest(
        unit_code=unit_code,
        local_date=from_date(day),
        overdue=counts.overdue,
        at_risk=counts.at_risk,
        overdue_rechecks=counts.overdue_rechecks,
        recipients=[DigestRecipient(username=r.username, phone=r.phone) for r in recipients],
        generated_at=from_datetime(at),
    )
