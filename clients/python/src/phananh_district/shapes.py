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
        "citizen_name": c.citizen_name,
        "one_strong_match": c.one_strong_match,
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
    """The case as `GET /api/v1/cases/{case_id}` gives it, with the server's differences
    between the claim and each candidate and the corrections it proposes."""
    repeat = reply.possible_repeat_of
    return {
        **case_item(reply.case),
        "complaint": _complaint(reply.complaint),
        "evidence": [
            {
                "evidence_id": x.evidence_id,
                "content_type": x.content_type,
                "size_bytes": x.size_bytes,
                "checks": _checks(x.checks),
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
        "differences": [
            {
                "citizen_id": d.citizen_id,
                "missing_doses": list(d.missing_doses),
                "doses": [_message(x) for x in d.doses],
                "person": [_message(x) for x in d.person],
                "corrections": [correction_json(c) for c in d.corrections],
            }
            for d in reply.differences
        ],
        "proposed_citizen_id": reply.proposed_citizen_id or None,
        "proposed_corrections": [correction_json(c) for c in reply.proposed_corrections],
    }


def _checks(c: types_pb2.EvidenceChecks) -> dict:
    """An evidence file's checks: the sharpness measured at the upload, the fields read."""
    kind = enum_name(types_pb2.DocumentKind, c.document_kind) or None
    measured = bool(c.sharpness or c.blurry)

    def field(f: types_pb2.FieldCheck) -> dict:
        agrees = f.agrees if f.HasField("agrees") else None
        return {"read": f.read or None, "claimed": f.claimed or None, "agrees": agrees}

    doses = [
        {
            "dose_number": d.dose_number,
            "vaccinated_on": d.vaccinated_on or None,
            "vaccine_code": d.vaccine_code or None,
            "lot_number": d.lot_number or None,
            "agrees": d.agrees if d.HasField("agrees") else None,
            "differing": list(d.differing),
        }
        for d in c.doses
    ]
    return {
        "status": enum_name(types_pb2.CheckStatus, c.status) or "PENDING",
        "sharpness": c.sharpness if measured else None,
        "blurry": c.blurry if measured else None,
        "document_kind": kind,
        "fields": {
            "full_name": field(c.full_name),
            "date_of_birth": field(c.date_of_birth),
            "doses": doses,
        }
        if kind
        else None,
    }


def _message(m) -> dict:
    return json_format.MessageToDict(
        m, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


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
            {
                "unit_code": row.unit_code,
                "unit_name": row.unit_name,
                "backlog": _backlog(row.backlog) if row.HasField("backlog") else None,
                **_figures(row.figures),
            }
            for row in r.rows
        ],
    }


def _backlog(b: reporting_pb2.Backlog) -> dict:
    """The open complaints against the backlog deadline, at the last seven days' pace."""
    return {
        "deadline": day(b.deadline),
        "open": b.open,
        "days_left": b.days_left,
        "needed_per_day": b.needed_per_day,
        "rate_7d": b.rate_7d,
        "projected_finish": day(b.projected_finish),
        "on_track": b.on_track,
    }


def _proto_date(value: str) -> dict:
    year, month, day_of_month = (int(part) for part in value.split("-"))
    return {"year": year, "month": month, "day": day_of_month}


def correction_json(c: pb.Correction) -> dict:
    """A correction in the contract's JSON (as the approval takes it): null where it leaves a
    field as it is."""
    op = c.WhichOneof("op")
    m = getattr(c, op)
    if op == "add_dose":
        fields = ("dose_number", "vaccine_code", "lot_number", "facility_code")
        return {"op": "ADD_DOSE", "vaccinated_on": day(m.vaccinated_on), **_fields(m, fields)}
    if op == "update_dose":
        optional = ("dose_number", "vaccine_code", "lot_number", "facility_code")
        return {
            "op": "UPDATE_DOSE",
            "dose_id": m.dose_id,
            "vaccinated_on": day(m.vaccinated_on),
            **{f: getattr(m, f) if m.HasField(f) else None for f in optional},
        }
    if op == "update_person":
        optional = ("full_name", "phone", "national_id")
        return {
            "op": "UPDATE_PERSON",
            "date_of_birth": day(m.date_of_birth),
            "gender": enum_name(types_pb2.Gender, m.gender) or None,
            "address": None,
            **{f: getattr(m, f) if m.HasField(f) else None for f in optional},
        }
    if op == "merge_record":
        return {"op": "MERGE_RECORD", "duplicate_citizen_id": m.duplicate_citizen_id}
    return {"op": "CREATE_RECORD"}


def _fields(m, names) -> dict:
    return {name: getattr(m, name) for name in names}


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
