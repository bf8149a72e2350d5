"""The events resolution publishes, built from its rows."""

from datetime import date, datetime

from phananh.events.v1.resolution_events_pb2 import (
    CaseOutcome,
    CaseStatusChanged,
    DigestRecipient,
    OverdueDigest,
    RecordedDose,
    RegistryRecordCorrected,
)
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_date, from_datetime
from resolution.cases.domain import DeadlineCounts
from resolution.cases.store import CaseRow, DigestRecipientRow
from resolution.messages import dose_message, person_message
from resolution.registry.domain import Record


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


def record_corrected(record: Record, case: CaseRow, at: datetime) -> RegistryRecordCorrected:
    """The whole record as it now stands, for the electronic health book."""
    certificate = record.certificate
    return RegistryRecordCorrected(
        citizen_id=str(record.citizen_id),
        case_id=str(case.case_id),
        tracking_code=case.tracking_code,
        citizen=person_message(record.person),
        doses=[dose_message(d, RecordedDose) for d in record.doses],
        certificate_level=enum_value(types_pb2.CertificateLevel, certificate.level),
        certificate_id=str(certificate.certificate_id),
        certificate_version=certificate.version,
        corrected_at=from_datetime(at),
    )


def overdue_digest(
    unit_code: str,
    day: date,
    counts: DeadlineCounts,
    recipients: list[DigestRecipientRow],
    at: datetime,
) -> OverdueDigest:
    return OverdueDigest(
        unit_code=unit_code,
        local_date=from_date(day),
        overdue=counts.overdue,
        at_risk=counts.at_risk,
        recipients=[DigestRecipient(username=r.username, phone=r.phone) for r in recipients],
        generated_at=from_datetime(at),
    )
