"""Citizen routes: one-time codes, the privacy notice, submit a complaint, look up its status,
supplement it when asked. Mapping only: intake decides."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from starlette.convertors import StringConvertor, register_url_convertor

from gateway import schemas
from gateway.client_address import client_address
from gateway.clients import ClientsDep
from phananh.events.v1.resolution_events_pb2 import OutcomeKind
from phananh.intake.v1 import intake_pb2
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, enum_value, from_date, to_datetime

router = APIRouter(prefix="/api/v1", tags=["citizen"])


def doses_proto(doses: list[schemas.ClaimedDose]) -> list[types_pb2.ClaimedDose]:
    return [
        types_pb2.ClaimedDose(
            dose_number=d.dose_number,
            vaccinated_on=from_date(d.vaccinated_on),
            vaccine_code=d.vaccine_code,
            lot_number=d.lot_number or "",
            facility_code=d.facility_code or "",
        )
        for d in doses
    ]


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
        claimed_doses=doses_proto(body.claimed_doses),
        description=body.description,
    )


# What a citizen's call by tracking code and phone answers once its address is refused.
TOO_MANY_FAILED_LOOKUPS = {
    "model": schemas.ErrorBody,
    "description": "too many tracking codes and phones matching no complaint (or, for files"
    " and supplements, too many of them) were sent from the client's address lately",
}


def _instant(stamp) -> str:
    return to_datetime(stamp).isoformat()


@router.post(
    "/otp",
    status_code=202,
    response_model=schemas.OtpSent,
    responses={400: {"model": schemas.ErrorBody}, 429: {"model": schemas.ErrorBody}},
)
async def request_code(body: schemas.OtpIn, request: Request, c: ClientsDep):
    """Sends a one-time code to the phone by SMS; the submission carries it as `otp`."""
    reply = await c.intake.RequestOneTimeCode(
        intake_pb2.RequestOneTimeCodeRequest(
            phone=body.phone, client_address=client_address(request)
        ),
        timeout=c.deadline,
    )
    return schemas.OtpSent(expires_at=_instant(reply.expires_at))


@router.get("/privacy-notice", response_model=schemas.PrivacyNotice)
async def privacy_notice(c: ClientsDep):
    """What the citizen is told of their personal data before submitting (in Vietnamese);
    the submission says the `version` it was shown as `privacy_notice_version`."""
    reply = await c.intake.GetPrivacyNotice(
        intake_pb2.GetPrivacyNoticeRequest(), timeout=c.deadline
    )
    return schemas.PrivacyNotice(version=reply.version, text=reply.text)


@router.post(
    "/complaints",
    status_code=201,
    response_model=schemas.Submitted,
    responses={
        200: {
            "model": schemas.Submitted,
            "description": "an open complaint of the same person and category from the "
            "same phone exists: its tracking code, deduplicated (from another phone the "
            "submission is a new complaint, 201)",
        },
        400: {"model": schemas.ErrorBody},
        409: {
            "model": schemas.ErrorBody,
            "description": "the Idempotency-Key was used for another complaint",
        },
        429: {
            "model": schemas.ErrorBody,
            "description": "too many complaints from the client's address lately",
        },
    },
)
async def submit_complaint(
    body: schemas.ComplaintIn,
    request: Request,
    response: Response,
    c: ClientsDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
):
    """With an `Idempotency-Key` (a UUID per submission), a repeat of the same request gets
    the first answer again; without one, the gateway makes one, so its own retries are safe."""
    reply = await c.intake.SubmitComplaint(
        intake_pb2.SubmitComplaintRequest(
            complaint=complaint_proto(body),
            otp=body.otp or "",
            privacy_notice_version=body.privacy_notice_version or "",
            idempotency_key=idempotency_key or f"gateway:{uuid.uuid4()}",
            client_address=client_address(request),
        ),
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


def _outcome(reply: intake_pb2.GetComplaintStatusResponse) -> schemas.Outcome | None:
    if not reply.HasField("outcome"):
        return None
    o = reply.outcome
    return schemas.Outcome(
        kind=enum_name(OutcomeKind, o.kind),
        reason_code=o.reason_code or None,
        message=o.message or None,
        decided_at=_instant(o.decided_at),
    )


class TrackingCodeSegment(StringConvertor):
    """A tracking code's path segment holds no colon, which starts an action
    (`/complaints/{tracking_code}:erase`): the status lookup never answers for an action."""

    regex = "[^/:]+"


register_url_convertor("tracking_code", TrackingCodeSegment())


@router.get(
    "/complaints/{tracking_code:tracking_code}",
    response_model=schemas.ComplaintStatus,
    responses={404: {"model": schemas.ErrorBody}, 429: TOO_MANY_FAILED_LOOKUPS},
)
async def complaint_status(
    tracking_code: str,
    request: Request,
    c: ClientsDep,
    phone: Annotated[str, Query(max_length=40)],
):
    reply = await c.intake.GetComplaintStatus(
        intake_pb2.GetComplaintStatusRequest(
            tracking_code=tracking_code[:40], phone=phone, client_address=client_address(request)
        ),
        timeout=c.deadline,
    )
    return schemas.ComplaintStatus(
        tracking_code=reply.tracking_code,
        status=enum_name(types_pb2.CaseStatus, reply.status),
        category=enum_name(types_pb2.ComplaintCategory, reply.category),
        submitted_at=_instant(reply.submitted_at),
        due_at=_instant(reply.due_at),
        outcome=_outcome(reply),
        certificate_level=enum_name(types_pb2.CertificateLevel, reply.certificate_level) or None,
    )


@router.post(
    "/complaints/{tracking_code}/supplement",
    response_model=schemas.Supplemented,
    responses={
        400: {"model": schemas.ErrorBody},
        404: {"model": schemas.ErrorBody},
        429: TOO_MANY_FAILED_LOOKUPS,
    },
)
async def supplement_complaint(
    tracking_code: str, body: schemas.SupplementIn, request: Request, c: ClientsDep
):
    """Only while the team asks for more information (`NEEDS_INFO`); the case goes back to
    review."""
    reply = await c.intake.SupplementComplaint(
        intake_pb2.SupplementComplaintRequest(
            tracking_code=tracking_code[:40],
            phone=body.phone,
            description=body.description,
            claimed_doses=doses_proto(body.claimed_doses),
            client_address=client_address(request),
        ),
        timeout=c.deadline,
    )
    return schemas.Supplemented(
        tracking_code=reply.tracking_code, status=enum_name(types_pb2.CaseStatus, reply.status)
    )
