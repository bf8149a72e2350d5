"""Step 4: the vaccination facilities' re-checks of corrected records, with the changes to
their doses and the complaint's evidence. Mapping only: resolution decides."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from gateway import recheck_schemas as s
from gateway.auth import Officer
from gateway.cases import EVIDENCE_FILE, PageSize, PageToken, evidence_file, evidence_out
from gateway.clients import ClientsDep
from gateway.registry import iso_date
from gateway.schemas import ErrorBody
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh_common.protoconv import enum_name, enum_value, to_datetime

router = APIRouter(
    prefix="/api/v1",
    tags=["cases"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)


def _dose_values(d: pb.DoseValues) -> s.DoseValuesOut:
    return s.DoseValuesOut(
        vaccinated_on=iso_date(d.vaccinated_on) or "",
        vaccine_code=d.vaccine_code,
        lot_number=d.lot_number,
        facility_code=d.facility_code,
    )


def _recheck(r: pb.Recheck) -> dict:
    citizen = r.citizen
    return {
        "recheck_id": r.recheck_id,
        "case_id": r.case_id,
        "tracking_code": r.tracking_code,
        "facility_code": r.facility_code,
        "status": enum_name(pb.RecheckStatus, r.status),
        "created_at": to_datetime(r.created_at).isoformat(),
        "note": r.note,
        "decided_at": to_datetime(r.decided_at).isoformat() if r.HasField("decided_at") else None,
        "due_at": to_datetime(r.due_at).isoformat(),
        "overdue": r.overdue,
        "citizen": s.RecheckCitizenOut(
            full_name=citizen.full_name,
            date_of_birth=iso_date(citizen.date_of_birth) or "",
            national_id_last4=citizen.national_id_last4,
        )
        if r.HasField("citizen")
        else None,
        "changes": [
            s.DoseChangeOut(
                op=c.op,
                dose_number=c.dose_number,
                before=_dose_values(c.before) if c.HasField("before") else None,
                after=_dose_values(c.after) if c.HasField("after") else None,
            )
            for c in r.changes
        ],
    }


@router.get("/rechecks", response_model=s.RecheckPage, responses={400: {"model": ErrorBody}})
async def list_rechecks(
    c: ClientsDep,
    officer: Officer,
    status: Literal["PENDING", "CONFIRMED", "FLAGGED"] | None = None,
    unit_code: Annotated[str, Query(max_length=10)] = "",
    page_size: PageSize = 50,
    page_token: PageToken = "",
):
    """A facility officer's: its facility's; a team's: those of the cases inside its unit."""
    reply = await c.resolution.ListRechecks(
        pb.ListRechecksRequest(
            status=enum_value(pb.RecheckStatus, status or ""),
            unit_code=unit_code,
            page_size=page_size,
            page_token=page_token,
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.RecheckPage(
        rechecks=[s.RecheckOut(**_recheck(r)) for r in reply.rechecks],
        next_page_token=reply.next_page_token,
    )


@router.get(
    "/rechecks/{recheck_id}",
    response_model=s.RecheckDetail,
    responses={404: {"model": ErrorBody}},
)
async def get_recheck(recheck_id: str, c: ClientsDep, officer: Officer):
    """The re-check with the complaint's evidence; another facility's is not found."""
    reply = await c.resolution.GetRecheck(
        pb.GetRecheckRequest(recheck_id=recheck_id[:64]), timeout=c.deadline, metadata=officer
    )
    return s.RecheckDetail(
        **_recheck(reply.recheck),
        evidence=evidence_out(reply.evidence),
    )


@router.get(
    "/rechecks/{recheck_id}/evidence/{evidence_id}",
    response_class=Response,
    responses={200: EVIDENCE_FILE, 404: {"model": ErrorBody}},
)
async def get_recheck_evidence(recheck_id: str, evidence_id: str, c: ClientsDep, officer: Officer):
    """One file of the re-checked case's complaint, as the citizen sent it."""
    reply = await c.resolution.GetRecheckEvidence(
        pb.GetRecheckEvidenceRequest(recheck_id=recheck_id[:64], evidence_id=evidence_id[:64]),
        timeout=c.deadline,
        metadata=officer,
    )
    return evidence_file(reply)


@router.post(
    "/rechecks/{recheck_id}",
    response_model=s.RecheckOut,
    responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
async def record_recheck(recheck_id: str, body: s.RecheckIn, c: ClientsDep, officer: Officer):
    """The facility confirms the corrected record, or flags it (with a note): the case
    reopens for its team."""
    reply = await c.resolution.RecordRecheck(
        pb.RecordRecheckRequest(
            recheck_id=recheck_id[:64],
            result=enum_value(pb.RecheckStatus, body.result),
            note=body.note,
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.RecheckOut(**_recheck(reply.recheck))
