"""The officers' case work: queues, a case beside the registry, decisions, re-checks.
Mapping only: resolution decides."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from gateway import case_schemas as s
from gateway.auth import Officer
from gateway.clients import ClientsDep
from gateway.registry import citizen_out, iso_date
from gateway.schemas import ErrorBody, Status
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, enum_value, to_datetime

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
    )


@router.get("/cases", response_model=s.CasePage, responses={400: {"model": ErrorBody}})
async def list_cases(
    c: ClientsDep,
    officer: Officer,
    status: Status | None = None,
    unit_code: Annotated[str, Query(max_length=10)] = "",
    overdue: bool = False,
    page_size: PageSize = 50,
    page_token: PageToken = "",
):
    """The cases inside the caller's unit (or `unit_code` inside it), oldest deadline first;
    `overdue=true`: only open cases past their deadline."""
    reply = await c.resolution.ListCases(
        pb.ListCasesRequest(
            status=enum_value(types_pb2.CaseStatus, status or ""),
            unit_code=unit_code,
            overdue=overdue,
            page_size=page_size,
            page_token=page_token,
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.CasePage(
        cases=[case_item(x) for x in reply.cases], next_page_token=reply.next_page_token
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
        evidence=[
            s.EvidenceOut(
                evidence_id=e.evidence_id, content_type=e.content_type, size_bytes=e.size_bytes
            )
            for e in reply.evidence
        ],
        candidates=[
            s.Candidate(
                **citizen_out(x.citizen).model_dump(),
                matched_on=[enum_name(pb.MatchReason, m) for m in x.matched_on],
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
    )


@router.get(
    "/cases/{case_id}/evidence/{evidence_id}",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}},
)
async def get_case_evidence(case_id: str, evidence_id: str, c: ClientsDep, officer: Officer):
    """One file of the case's complaint, as the citizen sent it."""
    reply = await c.resolution.GetCaseEvidence(
        pb.GetCaseEvidenceRequest(case_id=case_id[:64], evidence_id=evidence_id[:64]),
        timeout=c.deadline,
        metadata=officer,
    )
    return Response(
        reply.content,
        media_type=reply.content_type,
        headers={"cache-control": "private, no-store", "x-content-type-options": "nosniff"},
    )
