"""Citizen routes: submit a complaint, look up its status. Mapping only: intake decides."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from gateway import schemas
from gateway.clients import Clients
from phananh.intake.v1 import intake_pb2
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, enum_value, from_date, to_datetime

router = APIRouter(prefix="/api/v1", tags=["citizen"])


def _clients(request: Request) -> Clients:
    return request.app.state.clients


ClientsDep = Annotated[Clients, Depends(_clients)]


def complaint_proto(body: schemas.ComplaintIn) -> types_pb2.Complaint:
    c, a = body.citizen, body.citizen.address
    return types_pb2.Complaint(
        citizen=types_pb2.Citizen(
            full_name=c.full_name,
            date_of_birth=from_date(c.date_of_birth),
            gender=enum_value(types_pb2.Gender, c.gender),
            phone=c.phone,
            national_id=c.national_id or "",
            health_insurance_no=c.health_insurance_no or "",
            address=types_pb2.Address(
                province_code=a.province_code,
                district_code=a.district_code,
                commune_code=a.commune_code,
                street=a.street,
            ),
        ),
        category=enum_value(types_pb2.ComplaintCategory, body.category),
        claimed_doses=[
            types_pb2.ClaimedDose(
                dose_number=d.dose_number,
                vaccinated_on=from_date(d.vaccinated_on),
                vaccine_code=d.vaccine_code,
                lot_number=d.lot_number or "",
                facility_code=d.facility_code or "",
            )
            for d in body.claimed_doses
        ],
        description=body.description,
    )


def _instant(stamp) -> str:
    return to_datetime(stamp).isoformat()


@router.post(
    "/complaints",
    status_code=201,
    response_model=schemas.Submitted,
    responses={
        200: {
            "model": schemas.Submitted,
            "description": "an open complaint of the same "
            "person and category exists: its tracking code, deduplicated",
        },
        400: {"model": schemas.ErrorBody},
    },
)
async def submit_complaint(body: schemas.ComplaintIn, response: Response, c: ClientsDep):
    reply = await c.intake.SubmitComplaint(
        intake_pb2.SubmitComplaintRequest(complaint=complaint_proto(body), otp=body.otp or ""),
        timeout=c.deadline,
    )
    if reply.deduplicated:
        response.status_code = 200
    return schemas.Submitted(
        tracking_code=reply.tracking_code,
        status=enum_name(types_pb2.CaseStatus, reply.status),
        submitted_at=_instant(reply.submitted_at),
        due_at=_instant(reply.due_at),
        warnings=[schemas.WarningItem(code=w.code, message=w.message) for w in reply.warnings],
        deduplicated=reply.deduplicated,
    )


@router.get(
    "/complaints/{tracking_code}",
    response_model=schemas.ComplaintStatus,
    responses={404: {"model": schemas.ErrorBody}},
)
async def complaint_status(
    tracking_code: str, c: ClientsDep, phone: Annotated[str, Query(max_length=40)]
):
    reply = await c.intake.GetComplaintStatus(
        intake_pb2.GetComplaintStatusRequest(tracking_code=tracking_code[:40], phone=phone),
        timeout=c.deadline,
    )
    return schemas.ComplaintStatus(
        tracking_code=reply.tracking_code,
        status=enum_name(types_pb2.CaseStatus, reply.status),
        category=enum_name(types_pb2.ComplaintCategory, reply.category),
        submitted_at=_instant(reply.submitted_at),
        due_at=_instant(reply.due_at),
    )
