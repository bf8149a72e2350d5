"""The officers' case work: queues, a case beside the registry, decisions. Mapping only:
resolution decides."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from gateway import case_schemas as s
from gateway.auth import Officer
from gateway.clients import Clients, ClientsDep
from gateway.evidence_checks import checks_out
from gateway.registry import citizen_fields, iso_date
from gateway.schemas import ErrorBody, Status
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, enum_value, from_date, to_datetime

router = APIRouter(
    prefix="/api/v1",
    tags=["cases"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)

PageSize = Annotated[int, Query(ge=0, le=500)]
PageToken = Annotated[str, Query(max_length=400)]


def case_item(c: pb.Case) -> s.CaseItem:
    return s.CaseItem(
        case_id=c.case_id,
        tracking_code=c.tracking_code,
        status=enum_name(types_pb2.CaseStatus, c.status),
        category=enum_name(types_pb2.ComplaintCategory, c.category),
        unit_code=c.unit_code,
        submitted_at=to_datetime(c.submitted_at).isoformat(),
        due_at=to_datetime(c.due_at).isoformat(),
        overdue=c.overdue,
        at_risk=c.at_risk,
        version=c.version,
        citizen_name=c.citizen_name,
        one_strong_match=c.one_strong_match,
    )


@router.get("/cases", response_model=s.CasePage, responses={400: {"model": ErrorBody}})
async def list_cases(
    c: ClientsDep,
    officer: Officer,
    status: Status | None = None,
    unit_code: Annotated[str, Query(max_length=10)] = "",
    overdue: bool = False,
    evidence_agrees: bool = False,
    page_size: PageSize = 50,
    page_token: PageToken = "",
    q: Annotated[str, Query(max_length=100)] = "",
):
    """The cases inside the caller's unit (or `unit_code` inside it), oldest deadline first;
    `overdue=true`: only open cases past their deadline; `evidence_agrees=true`: only cases
    whose evidence agrees with the claim on every field read; `q`: only those found by tracking
    code, the citizen's name (diacritics and case folded), phone or identity number."""
    reply = await c.resolution.ListCases(
        pb.ListCasesRequest(
            status=enum_value(types_pb2.CaseStatus, status or ""),
            unit_code=unit_code,
            overdue=overdue,
            evidence_agrees=evidence_agrees,
            page_size=page_size,
            page_token=page_token,
            q=q,
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    counts = reply.counts
    return s.CasePage(
        cases=[case_item(x) for x in reply.cases],
        next_page_token=reply.next_page_token,
        counts=s.QueueCounts(
            total=counts.total, overdue=counts.overdue, due_today=counts.due_today
        ),
    )


def complaint_out(complaint: types_pb2.Complaint) -> s.ComplaintOut:
    citizen, address = complaint.citizen, complaint.citizen.address
    return s.ComplaintOut(
        citizen=s.CitizenOut(
            full_name=citizen.full_name,
            date_of_birth=iso_date(citizen.date_of_birth),
            gender=enum_name(types_pb2.Gender, citizen.gender),
            phone=citizen.phone,
            national_id=citizen.national_id or None,
            health_insurance_no=citizen.health_insurance_no or None,
            address=s.AddressOut(
                province_code=address.province_code,
                district_code=address.district_code,
                commune_code=address.commune_code,
                street=address.street,
            ),
        ),
        category=enum_name(types_pb2.ComplaintCategory, complaint.category),
        claimed_doses=[
            s.ClaimedDoseOut(
                dose_number=d.dose_number,
                vaccinated_on=iso_date(d.vaccinated_on),
                vaccine_code=d.vaccine_code,
                lot_number=d.lot_number or None,
                facility_code=d.facility_code or None,
            )
            for d in complaint.claimed_doses
        ],
        description=complaint.description,
    )


@router.get("/cases/{case_id}", response_model=s.CaseDetail, responses={404: {"model": ErrorBody}})
async def get_case(case_id: str, c: ClientsDep, officer: Officer):
    """The case beside the registry; a case outside the caller's unit is not found."""
    reply = await c.resolution.GetCase(
        pb.GetCaseRequest(case_id=case_id[:64]), timeout=c.deadline, metadata=officer
    )
    return s.CaseDetail(
        **case_item(reply.case).model_dump(),
        complaint=complaint_out(reply.complaint),
        evidence=evidence_out(reply.evidence),
        candidates=[
            s.Candidate(
                **citizen_fields(x.citizen),
                matched_on=[enum_name(pb.MatchReason, m) for m in x.matched_on],
                birth_year=x.citizen.date_of_birth.year,
                masked=x.masked,
                district_code=x.district_code,
            )
            for x in reply.candidates
        ],
        warnings=[s.WarningOut(code=w.code, message=w.message) for w in reply.warnings],
        history=[
            s.HistoryOut(
                at=to_datetime(h.at).isoformat(), actor=h.actor, action=h.action, note=h.note
            )
            for h in reply.history
        ],
        merge_proposals=[
            s.MergeProposalOut(citizen_id=p.citizen_id, duplicate_citizen_id=p.duplicate_citizen_id)
            for p in reply.merge_proposals
        ],
        possible_repeat_of=s.PossibleRepeatOut(
            tracking_code=reply.possible_repeat_of.tracking_code or None,
            case_id=reply.possible_repeat_of.case_id or None,
        )
        if reply.HasField("possible_repeat_of")
        else None,
        differences=[
            s.DifferenceOut(
                citizen_id=d.citizen_id,
                missing_doses=list(d.missing_doses),
                doses=[
                    s.DoseDifferenceOut(
                        dose_number=x.dose_number,
                        field=x.field,
                        claimed=x.claimed,
                        recorded=x.recorded,
                    )
                    for x in d.doses
                ],
                person=[
                    s.FieldDifferenceOut(field=x.field, claimed=x.claimed, recorded=x.recorded)
                    for x in d.person
                ],
                corrections=[_correction_out(c) for c in d.corrections],
            )
            for d in reply.differences
        ],
        proposed_citizen_id=reply.proposed_citizen_id or None,
        proposed_corrections=[_correction_out(c) for c in reply.proposed_corrections],
    )


def _optional(message, name: str):
    return getattr(message, name) if message.HasField(name) else None


def _correction_out(c: pb.Correction):
    """A proposed correction, in the shape the approval takes (the fields it changes)."""
    op = c.WhichOneof("op")
    if op == "add_dose":
        a = c.add_dose
        return s.AddDoseIn(
            op="ADD_DOSE",
            dose_number=a.dose_number,
            vaccinated_on=iso_date(a.vaccinated_on),
            vaccine_code=a.vaccine_code,
            lot_number=a.lot_number,
            facility_code=a.facility_code,
        )
    if op == "update_dose":
        u = c.update_dose
        return s.UpdateDoseIn(
            op="UPDATE_DOSE",
            dose_id=u.dose_id,
            vaccinated_on=iso_date(u.vaccinated_on) if u.HasField("vaccinated_on") else None,
            **{
                f: _optional(u, f)
                for f in ("dose_number", "vaccine_code", "lot_number", "facility_code")
            },
        )
    if op == "update_person":
        p = c.update_person
        return s.UpdatePersonIn(
            op="UPDATE_PERSON",
            date_of_birth=iso_date(p.date_of_birth) if p.HasField("date_of_birth") else None,
            gender=enum_name(types_pb2.Gender, p.gender) or None,
            **{f: _optional(p, f) for f in ("full_name", "phone", "national_id")},
        )
    return s.MergeRecordIn(
        op="MERGE_RECORD", duplicate_citizen_id=c.merge_record.duplicate_citizen_id
    )


EVIDENCE_FILE = {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}


@router.get(
    "/cases/{case_id}/evidence/{evidence_id}",
    response_class=Response,
    responses={200: EVIDENCE_FILE},
)
async def get_case_evidence(case_id: str, evidence_id: str, c: ClientsDep, officer: Officer):
    """One file of the case's complaint, as the citizen sent it."""
    reply = await c.resolution.GetCaseEvidence(
        pb.GetCaseEvidenceRequest(case_id=case_id[:64], evidence_id=evidence_id[:64]),
        timeout=c.deadline,
        metadata=officer,
    )
    return evidence_file(reply)


def evidence_out(evidence) -> list[s.EvidenceOut]:
    return [
        s.EvidenceOut(
            evidence_id=e.evidence_id,
            content_type=e.content_type,
            size_bytes=e.size_bytes,
            checks=checks_out(e.checks),
        )
        for e in evidence
    ]


def evidence_file(reply) -> Response:
    """An evidence file as intake stored it (never sniffed as another type)."""
    return Response(
        reply.content,
        media_type=reply.content_type,
        headers={"x-content-type-options": "nosniff"},
    )


def _correction(c) -> pb.Correction:
    if isinstance(c, s.AddDoseIn):
        return pb.Correction(
            add_dose=pb.AddDose(
                dose_number=c.dose_number,
                vaccinated_on=from_date(c.vaccinated_on),
                vaccine_code=c.vaccine_code,
                lot_number=c.lot_number,
                facility_code=c.facility_code,
            )
        )
    if isinstance(c, s.UpdateDoseIn):
        return pb.Correction(
            update_dose=pb.UpdateDose(
                dose_id=c.dose_id,
                dose_number=c.dose_number,
                vaccinated_on=from_date(c.vaccinated_on) if c.vaccinated_on else None,
                vaccine_code=c.vaccine_code,
                lot_number=c.lot_number,
                facility_code=c.facility_code,
            )
        )
    if isinstance(c, s.UpdatePersonIn):
        return pb.Correction(
            update_person=pb.UpdatePerson(
                full_name=c.full_name,
                date_of_birth=from_date(c.date_of_birth) if c.date_of_birth else None,
                gender=enum_value(types_pb2.Gender, c.gender or ""),
                phone=c.phone,
                national_id=c.national_id,
                address=types_pb2.Address(**c.address.model_dump()) if c.address else None,
            )
        )
    if isinstance(c, s.MergeRecordIn):
        return pb.Correction(
            merge_record=pb.MergeRecord(duplicate_citizen_id=c.duplicate_citizen_id)
        )
    return pb.Correction(create_record=pb.CreateRecord())


_DECIDED = {
    "response_model": s.CaseItem,
    "responses": {400: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
}


async def _decide(c: Clients, officer, rpc: str, request) -> s.CaseItem:
    """Makes one of the case decisions; each answers with the case as it now stands."""
    reply = await getattr(c.resolution, rpc)(request, timeout=c.deadline, metadata=officer)
    return case_item(reply.case)


def _fields(case_id: str, body: s.Action) -> dict:
    """The request fields a decision shares with its body (an absent version: none expected)."""
    return {
        **body.model_dump(exclude={"expected_version"}),
        "case_id": case_id[:64],
        "expected_version": body.expected_version or 0,
    }


@router.post("/cases/{case_id}/approve", **_DECIDED)
async def approve(case_id: str, body: s.ApproveIn, c: ClientsDep, officer: Officer):
    """Corrects the registry (all corrections or none) and resolves the case."""
    fields = _fields(case_id, body) | {"corrections": [_correction(x) for x in body.corrections]}
    return await _decide(c, officer, "ApproveCase", pb.ApproveCaseRequest(**fields))


@router.post("/cases/{case_id}/reject", **_DECIDED)
async def reject(case_id: str, body: s.RejectIn, c: ClientsDep, officer: Officer):
    """With a reason of `GET /api/v1/rejection-reasons` (`OTHER` needs a note)."""
    return await _decide(c, officer, "RejectCase", pb.RejectCaseRequest(**_fields(case_id, body)))


@router.post("/cases/{case_id}/request-info", **_DECIDED)
async def request_info(case_id: str, body: s.RequestInfoIn, c: ClientsDep, officer: Officer):
    """Asks the citizen for more; the deadline waits until the citizen supplements."""
    request = pb.RequestInfoRequest(**_fields(case_id, body))
    return await _decide(c, officer, "RequestInfo", request)


@router.post("/cases/{case_id}/reassign", **_DECIDED)
async def reassign(case_id: str, body: s.ReassignIn, c: ClientsDep, officer: Officer):
    """To another unit inside the caller's."""
    request = pb.ReassignCaseRequest(**_fields(case_id, body))
    return await _decide(c, officer, "ReassignCase", request)


@router.post("/cases/{case_id}/duplicate", **_DECIDED)
async def duplicate(case_id: str, body: s.DuplicateIn, c: ClientsDep, officer: Officer):
    request = pb.MarkDuplicateRequest(**_fields(case_id, body))
    return await _decide(c, officer, "MarkDuplicate", request)


@router.post("/cases:bulk", response_model=s.BulkOut, responses={400: {"model": ErrorBody}})
async def bulk(body: s.BulkIn, c: ClientsDep, officer: Officer):
    """One decision for many cases, each on its own: a result per case (a case the deadline
    left no time for is unchanged and says so: send it again)."""
    reply = await c.resolution.BulkDecide(
        pb.BulkDecideRequest(
            case_ids=body.case_ids,
            action=enum_value(pb.BulkAction, body.action),
            reason_code=body.reason_code,
            note=body.note,
            citizen_message=body.citizen_message,
        ),
        timeout=c.bulk_deadline,
        metadata=officer,
    )
    return s.BulkOut(
        results=[
            s.BulkResult(case_id=r.case_id, ok=r.ok, error=r.error or None, reason=r.reason or None)
            for r in reply.results
        ]
    )
