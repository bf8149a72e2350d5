"""The events resolution publishes, built from its rows."""

from datetime import datetime

from phananh.events.v1.resolution_events_pb2 import CaseOutcome, CaseStatusChanged
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_datetime
from resolution.cases.store import CaseRow


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
