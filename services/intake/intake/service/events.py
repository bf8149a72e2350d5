"""The events intake publishes, built from the domain's values, and the protobuf it keeps
beside them: a complaint as published, a supplement's note."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from intake import domain
from intake.evidence import EvidenceInfo
from intake.facilities import Facility
from phananh.events.v1.intake_events_pb2 import (
    ClaimedFacility,
    ComplaintSubmitted,
    ComplaintSupplemented,
    EvidenceChecked,
    FacilitiesImported,
    ImportedFacility,
    OneTimeCodeRequested,
)
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, enum_value, from_date, from_datetime, to_date

# Facilities one FacilitiesImported carries at most: a 2 MB import stays in small events.
FACILITIES_PER_EVENT = 1000


def doses_from_proto(doses: Iterable[types_pb2.ClaimedDose]) -> tuple[domain.Dose, ...]:
    return tuple(
        domain.Dose(
            dose_number=d.dose_number,
            vaccinated_on=to_date(d.vaccinated_on),
            vaccine_code=d.vaccine_code,
            lot_number=d.lot_number,
            facility_code=d.facility_code,
        )
        for d in doses
    )


def complaint_from_proto(message: types_pb2.Complaint) -> domain.Complaint:
    c, a = message.citizen, message.citizen.address
    return domain.Complaint(
        citizen=domain.Citizen(
            full_name=c.full_name,
            date_of_birth=to_date(c.date_of_birth),
            gender=enum_name(types_pb2.Gender, c.gender),
            phone=c.phone,
            national_id=c.national_id,
            health_insurance_no=c.health_insurance_no,
            province_code=a.province_code,
            district_code=a.district_code,
            commune_code=a.commune_code,
            street=a.street,
        ),
        category=enum_name(types_pb2.ComplaintCategory, message.category),
        claimed_doses=doses_from_proto(message.claimed_doses),
        description=message.description,
    )


def doses_to_proto(doses: Iterable[domain.Dose]) -> list[types_pb2.ClaimedDose]:
    return [
        types_pb2.ClaimedDose(
            dose_number=d.dose_number,
            vaccinated_on=from_date(d.vaccinated_on),
            vaccine_code=d.vaccine_code,
            lot_number=d.lot_number,
            facility_code=d.facility_code,
        )
        for d in doses
    ]


def complaint_to_proto(complaint: domain.Complaint) -> types_pb2.Complaint:
    c = complaint.citizen
    return types_pb2.Complaint(
        citizen=types_pb2.Citizen(
            full_name=c.full_name,
            date_of_birth=from_date(c.date_of_birth),
            gender=enum_value(types_pb2.Gender, c.gender),
            phone=c.phone,
            national_id=c.national_id,
            health_insurance_no=c.health_insurance_no,
            address=types_pb2.Address(
                province_code=c.province_code,
                district_code=c.district_code,
                commune_code=c.commune_code,
                street=c.street,
            ),
        ),
        category=enum_value(types_pb2.ComplaintCategory, complaint.category),
        claimed_doses=doses_to_proto(complaint.claimed_doses),
        description=complaint.description,
    )


def submission_event(
    accepted: domain.Accepted,
    named: dict[str, Facility],
    complaint_id: uuid.UUID,
    tracking_code: str,
    submitted_at: datetime,
    source_id: str = "",
) -> ComplaintSubmitted:
    """The event of an accepted complaint, submitted online or imported from the backlog."""
    return ComplaintSubmitted(
        complaint_id=str(complaint_id),
        tracking_code=tracking_code,
        complaint=complaint_to_proto(accepted.complaint),
        submitted_at=from_datetime(submitted_at),
        warnings=[types_pb2.Warning(code=w.code, message=w.message) for w in accepted.warnings],
        facilities=[
            ClaimedFacility(code=f.code, district_code=f.district_code, commune_code=f.commune_code)
            for f in (
                named[d.facility_code] for d in accepted.complaint.claimed_doses if d.facility_code
            )
        ],
        source_id=source_id,
    )


def supplement_note(supplement: domain.Supplement) -> bytes:
    """What a supplement adds, kept as a note (a phananh.types.v1.Complaint)."""
    return types_pb2.Complaint(
        description=supplement.description,
        claimed_doses=doses_to_proto(supplement.claimed_doses),
    ).SerializeToString()


def supplemented(
    complaint_id: uuid.UUID, tracking_code: str, supplement: domain.Supplement, at: datetime
) -> ComplaintSupplemented:
    return ComplaintSupplemented(
        complaint_id=str(complaint_id),
        tracking_code=tracking_code,
        description=supplement.description,
        claimed_doses=doses_to_proto(supplement.claimed_doses),
        supplemented_at=from_datetime(at),
    )


def code_requested(phone: str, code: str, expires_at: datetime) -> OneTimeCodeRequested:
    return OneTimeCodeRequested(phone=phone, code=code, expires_at=from_datetime(expires_at))


def facilities_imported(found: list[Facility], at: datetime) -> list[FacilitiesImported]:
    """The events of an import, FACILITIES_PER_EVENT facilities each."""
    return [
        FacilitiesImported(
            facilities=[ImportedFacility(**vars(f)) for f in found[i : i + FACILITIES_PER_EVENT]],
            imported_at=from_datetime(at),
        )
        for i in range(0, len(found), FACILITIES_PER_EVENT)
    ]


def _field_check(field: dict) -> types_pb2.FieldCheck:
    return types_pb2.FieldCheck(
        read=field["read"] or "", claimed=field["claimed"] or "", agrees=field["agrees"]
    )


def checks_to_proto(info: EvidenceInfo) -> types_pb2.EvidenceChecks:
    """An evidence file's checks as officers read them: the sharpness from the upload, and
    once read, the fields beside the claim."""
    message = types_pb2.EvidenceChecks(
        status=enum_value(types_pb2.CheckStatus, info.check_status),
        sharpness=info.sharpness or 0.0,
        blurry=bool(info.blurry),
    )
    if info.checks:
        fields = info.checks["fields"]
        message.document_kind = enum_value(types_pb2.DocumentKind, info.checks["document_kind"])
        message.full_name.CopyFrom(_field_check(fields["full_name"]))
        message.date_of_birth.CopyFrom(_field_check(fields["date_of_birth"]))
        message.doses.extend(
            types_pb2.DoseCheck(
                dose_number=d["dose_number"],
                vaccinated_on=d["vaccinated_on"] or "",
                vaccine_code=d["vaccine_code"] or "",
                lot_number=d["lot_number"] or "",
                agrees=d["agrees"],
                differing=d["differing"],
            )
            for d in fields["doses"]
        )
    return message


def evidence_checked(
    complaint_id: uuid.UUID,
    evidence_id: uuid.UUID,
    status: str,
    blurry: bool,
    checks: dict | None,
    agrees: bool | None,
) -> EvidenceChecked:
    return EvidenceChecked(
        complaint_id=str(complaint_id),
        evidence_id=str(evidence_id),
        status=enum_value(types_pb2.CheckStatus, status),
        blurry=blurry,
        document_kind=enum_value(types_pb2.DocumentKind, checks["document_kind"] if checks else ""),
        agrees_with_claim=agrees,
    )
