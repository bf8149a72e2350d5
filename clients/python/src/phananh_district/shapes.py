"""Cases and weekly reports as JSON in the shapes of the gateway's HTTP contract
(`GET /api/v1/cases`, `GET /api/v1/cases/{case_id}`, `GET /api/v1/reports/weekly`), and
corrections from its JSON (`{"op": "ADD_DOSE", ...}`)."""

from datetime import UTC
from zoneinfo import ZoneInfo

from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp
from google.type.date_pb2 import Date

from phananh.reporting.v1 import reporting_pb2
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2

# The reports' periods and deadlines are the province's local times.
LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def enum_name(enum, value: int) -> str:
    """`GENDER_FEMALE` → `FEMALE`; unspecified → ``."""
    return enum.Name(value).removeprefix(enum.Name(0).removesuffix("UNSPECIFIED")) if value else ""


def instant(value: Timestamp) -> str:
    return value.ToDatetime(tzinfo=UTC).isoformat()


def day(value: Date) -> str | None:
    return f"{value.year:04}-{value.month:02}-{value.day:02}" if value.year else None


def _address(a: types_pb2.Address) -> dict:
    return json_format.MessageToDict(
        a, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def case_item(c: pb.Case) -> dict:
    return {
        "case_id": c.case_id,
        "tracking_code": c.tracking_code,
        "status": enum_name(types_pb2.CaseStatus, c.status),
        "category": enum_name(types_pb2.ComplaintCategory, c.category),
        "unit_code": c.unit_code,
        "submitted_at": instant(c.submitted_at),
        "due_at": instant(c.due_at),
        "overdue": c.overdue,
        "at_risk": c.at_risk,
        "version": c.version,
    }


def _complaint(complaint: types_pb2.Complaint) -> dict:
    citizen = complaint.citizen
    return {
        "citizen": {
            "full_name": citizen.full_name,
            "date_of_birth": day(citizen.date_of_birth),
            "gender": enum_name(types_pb2.Gender, citizen.gender),
            "phone": citizen.phone,
            "national_id": citizen.national_id or None,
            "health_insurance_no": citizen.health_insurance_no or None,
            "address": _address(citizen.address),
        },
        "category": enum_name(types_pb2.ComplaintCategory, complaint.category),
        "claimed_doses": [
            {
                "dose_number": d.dose_number,
                "vaccinated_on": day(d.vaccinated_on),
                "vaccine_code": d.vaccine_code,
                "lot_number": d.lot_number or None,
                "facility_code": d.facility_code or None,
            }
            for d in complaint.claimed_doses
        ],
        "description": complaint.description,
    }


def _candidate(x: pb.Candidate) -> dict:
    c = x.citizen
    certificate = c.certificate
    return {
        "citizen_id": c.citizen_id,
        "full_name": c.full_name,
        "date_of_birth": day(c.date_of_birth),
        "gender": enum_name(types_pb2.Gender, c.gender),
        "phone": c.phone or None,
        "national_id": c.national_id or None,
        "address": _address(c.address),
        "doses": [
            {
                "dose_id": d.dose_id,
                "dose_number": d.dose_number,
                "vaccinated_on": day(d.vaccinated_on),
                "vaccine_code": d.vaccine_code,
                "lot_number": d.lot_number,
                "facility_code": d.facility_code,
            }
            for d in c.doses
        ],
        "certificate": {
            "level": enum_name(types_pb2.CertificateLevel, certificate.level),
            "certificate_id": certificate.certificate_id,
            "version": certificate.version,
        }
        if c.HasField("certificate")
        else None,
        "merged_into": c.merged_into or None,
        "matched_on": [enum_name(pb.MatchReason, m) for m in x.matched_on],
        "birth_year": c.date_of_birth.year,
        "masked": x.masked,
        "district_code": x.district_code,
    }


def case_detail(reply: pb.GetCaseResponse) -> dict:
    """The case as `GET /api/v1/cases/{case_id}` gives it. Differences and proposed
    corrections are there once the server gives them (it does not yet)."""
    repeat = reply.possible_repeat_of
    return {
        **case_item(reply.case),
        "complaint": _complaint(reply.complaint),
        "evidence": [
            {
                "evidence_id": x.evidence_id,
                "content_type": x.content_type,
                "size_bytes": x.size_bytes,
            }
            for x in reply.evidence
        ],
        "candidates": [_candidate(x) for x in reply.candidates],
        "warnings": [{"code": w.code, "message": w.message} for w in reply.warnings],
        "history": [
            {"at": instant(h.at), "actor": h.actor, "action": h.action, "note": h.note}
            for h in reply.history
        ],
        "merge_proposals": [
            {"citizen_id": p.citizen_id, "duplicate_citizen_id": p.duplicate_citizen_id}
            for p in reply.merge_proposals
        ],
        "possible_repeat_of": {
            "tracking_code": repeat.tracking_code or None,
            "case_id": repeat.case_id or None,
        }
        if reply.HasField("possible_repeat_of")
        else None,
    }


def _figures(f: reporting_pb2.ReportFigures) -> dict:
    """Every figure: an optional one absent (nothing decided) as None, a map as an object."""
    shown = {}
    for field in f.DESCRIPTOR.fields:
        value = getattr(f, field.name)
        if field.message_type is not None:  # the maps (by reason, by category)
            shown[field.name] = dict(value)
        else:
            shown[field.name] = None if field.has_presence and not f.HasField(field.name) else value
    return shown


def _local(value: Timestamp) -> str:
    return value.ToDatetime(tzinfo=UTC).astimezone(LOCAL_ZONE).isoformat()


def weekly_report(r: reporting_pb2.WeeklyReport) -> dict:
    """The report as `GET /api/v1/reports/weekly` gives it."""
    return {
        "unit_code": r.unit_code,
        "week": r.week,
        "period_start": _local(r.period_start),
        "period_end": _local(r.period_end),
        "deadline": _local(r.deadline),
        "status": enum_name(reporting_pb2.WeeklyReportStatus, r.status),
        "generated_at": _local(r.generated_at),
        "submitted_at": _local(r.submitted_at) if r.HasField("submitted_at") else None,
        "note": r.note,
        "totals": _figures(r.totals),
        "rows": [
            {"unit_code": row.unit_code, "unit_name": row.unit_name, **_figures(row.figures)}
            for row in r.rows
        ],
    }


def _proto_date(value: str) -> dict:
    year, month, day_of_month = (int(part) for part in value.split("-"))
    return {"year": year, "month": month, "day": day_of_month}


def correction(body: dict) -> pb.Correction:
    """A correction of the contract's JSON as the request's message; ValueError (naming what
    is wrong) for anything else."""
    fields = dict(body)
    op = str(fields.pop("op", ""))
    ops = [f.name.upper() for f in pb.Correction.DESCRIPTOR.oneofs_by_name["op"].fields]
    if op not in ops:
        raise ValueError(f"op must be one of {', '.join(ops)}, not {op!r}")
    try:
        for name in ("vaccinated_on", "date_of_birth"):
            if fields.get(name):
                fields[name] = _proto_date(fields[name])
        if fields.get("gender"):
            fields["gender"] = f"GENDER_{fields['gender']}"
        return json_format.ParseDict({op.lower(): fields}, pb.Correction())
    except (json_format.ParseError, ValueError, AttributeError) as error:
        raise ValueError(f"{op}: {error}") from None
