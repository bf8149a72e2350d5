"""IntakeService and the handler of resolution's events: protobuf ↔ domain mapping only; the
use cases are intake.service's."""

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime

from intake import domain
from intake.facilities import Facility
from intake.service import projection
from intake.service.citizen import CitizenRequests
from intake.service.evidence import EvidenceReads
from intake.service.facilities import Facilities
from intake.service.one_time_codes import OneTimeCodes
from intake.service.submissions import Submission, Submissions, Submitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged, OutcomeKind
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common import tracking_codes
from phananh_common.access import PUBLIC, client_address, officers
from phananh_common.errors import InvalidArgument
from phananh_common.protoconv import enum_name, enum_value, from_datetime, to_date, to_datetime
from phananh_common.roles import PROVINCE_ADMIN, ROLES

# Citizens need no account: they prove themselves with the tracking code and the phone, and
# come through the gateway alone (which says their address, for the limits per address).
ACCESS = {
    "SubmitComplaint": PUBLIC,
    "GetComplaintStatus": PUBLIC,
    "RequestOneTimeCode": PUBLIC,
    "AddEvidence": PUBLIC,
    "SupplementComplaint": PUBLIC,
    "ListFacilities": PUBLIC,
    "ImportFacilities": officers({PROVINCE_ADMIN}),
    # Officers read evidence through their case (a facility's through its re-check):
    # resolution asks, with the officer's token, once it has scoped the case to them.
    "GetEvidence": officers(ROLES, via={"resolution"}),
    "ListEvidence": officers(ROLES, via={"resolution"}),
}


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


def facility_to_proto(f: Facility) -> intake_pb2.Facility:
    return intake_pb2.Facility(
        code=f.code, name=f.name, district_code=f.district_code, commune_code=f.commune_code
    )


def answer_bytes(answer: Submitted) -> bytes:
    """The answer to a submission as the service keeps it under an idempotency key and
    gives it back (Submissions' AnswerBytes)."""
    return intake_pb2.SubmitComplaintResponse(
        tracking_code=tracking_codes.shown(answer.tracking_code),
        status=enum_value(types_pb2.CaseStatus, answer.status),
        submitted_at=from_datetime(answer.submitted_at),
        due_at=from_datetime(answer.due_at),
        warnings=[types_pb2.Warning(code=w.code, message=w.message) for w in answer.warnings],
        deduplicated=answer.deduplicated,
    ).SerializeToString()


def status_response(stored: domain.StoredComplaint) -> intake_pb2.GetComplaintStatusResponse:
    reply = intake_pb2.GetComplaintStatusResponse(
        tracking_code=tracking_codes.shown(stored.tracking_code),
        status=enum_value(types_pb2.CaseStatus, stored.status),
        category=enum_value(types_pb2.ComplaintCategory, stored.category),
        submitted_at=from_datetime(stored.submitted_at),
        due_at=from_datetime(stored.due_at),
        certificate_level=enum_value(types_pb2.CertificateLevel, stored.certificate_level or ""),
    )
    if stored.outcome:
        o = stored.outcome
        reply.outcome.CopyFrom(
            intake_pb2.ComplaintOutcome(
                kind=enum_value(OutcomeKind, o["kind"]),
                reason_code=o["reason_code"],
                message=o["message"],
                decided_at=from_datetime(datetime.fromisoformat(o["decided_at"])),
            )
        )
    return reply


def _uuid(field: str, text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise InvalidArgument.on(field, "must be a UUID") from None


class IntakeApi(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(
        self,
        submissions: Submissions,
        citizens: CitizenRequests,
        codes: OneTimeCodes,
        facilities: Facilities,
        evidence: EvidenceReads,
    ):
        self._submissions = submissions
        self._citizens = citizens
        self._codes = codes
        self._facilities = facilities
        self._evidence = evidence

    async def SubmitComplaint(self, request, context):  # noqa: N802 (gRPC's name)
        answer = await self._submissions.submit(
            Submission(
                complaint=complaint_from_proto(request.complaint),
                otp=request.otp,
                idempotency_key=request.idempotency_key,
                fingerprint=hashlib.sha256(
                    request.complaint.SerializeToString(deterministic=True)
                ).digest(),
                client_address=client_address(request.client_address, context),
            )
        )
        return intake_pb2.SubmitComplaintResponse.FromString(answer)

    async def GetComplaintStatus(self, request, context):  # noqa: N802 (gRPC's name)
        stored = await self._citizens.status(
            client_address(request.client_address, context), request.tracking_code, request.phone
        )
        return status_response(stored)

    async def RequestOneTimeCode(self, request, context):  # noqa: N802 (gRPC's name)
        expires_at = await self._codes.issue(
            request.phone, client_address(request.client_address, context)
        )
        return intake_pb2.RequestOneTimeCodeResponse(expires_at=from_datetime(expires_at))

    async def AddEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        evidence_id, content_type = await self._citizens.add_evidence(
            client_address(request.client_address, context),
            request.tracking_code,
            request.phone,
            request.content,
        )
        return intake_pb2.AddEvidenceResponse(
            evidence_id=str(evidence_id),
            content_type=content_type,
            size_bytes=len(request.content),
        )

    async def GetEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        found = await self._evidence.get(_uuid("evidence_id", request.evidence_id))
        return intake_pb2.GetEvidenceResponse(
            evidence_id=str(found.evidence_id),
            complaint_id=str(found.complaint_id),
            tracking_code=tracking_codes.shown(found.tracking_code),
            content_type=found.content_type,
            content=found.content,
            added_at=from_datetime(found.added_at),
        )

    async def ListEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        listed = await self._evidence.of_complaint(_uuid("complaint_id", request.complaint_id))
        return intake_pb2.ListEvidenceResponse(
            evidence=[
                intake_pb2.EvidenceInfo(
                    evidence_id=str(e.evidence_id),
                    content_type=e.content_type,
                    size_bytes=e.size_bytes,
                    added_at=from_datetime(e.added_at),
                )
                for e in listed
            ]
        )

    async def SupplementComplaint(self, request, context):  # noqa: N802 (gRPC's name)
        code = await self._citizens.supplement(
            client_address(request.client_address, context),
            request.tracking_code,
            request.phone,
            domain.Supplement(
                description=request.description,
                claimed_doses=doses_from_proto(request.claimed_doses),
            ),
        )
        return intake_pb2.SupplementComplaintResponse(
            tracking_code=tracking_codes.shown(code),
            status=types_pb2.CASE_STATUS_IN_REVIEW,
        )

    async def ImportFacilities(self, request, context):  # noqa: N802 (gRPC's name)
        imported = await self._facilities.import_csv(request.csv)
        return intake_pb2.ImportFacilitiesResponse(imported=imported)

    async def ListFacilities(self, request, context):  # noqa: N802 (gRPC's name)
        listed = await self._facilities.listed(request.district_code)
        return intake_pb2.ListFacilitiesResponse(facilities=[facility_to_proto(f) for f in listed])


def _decision(event: CaseStatusChanged) -> domain.Decision | None:
    if not event.HasField("outcome"):
        return None
    o = event.outcome
    return domain.Decision(
        kind=enum_name(OutcomeKind, o.kind),
        reason_code=o.reason_code,
        message=o.message,
        citizen_advice=o.citizen_advice,
        decided_at=to_datetime(o.decided_at),
    )


async def on_case_status_changed(conn, event: CaseStatusChanged, _envelope) -> None:
    """In the inbox's transaction (`conn`), handed on untouched."""
    level = event.outcome.certificate_level if event.HasField("outcome") else 0
    await projection.case_changed(
        conn,
        domain.CaseChange(
            complaint_id=uuid.UUID(event.complaint_id),
            status=enum_name(types_pb2.CaseStatus, event.status),
            unit_code=event.unit_code,
            due_at=to_datetime(event.due_at),
            version=event.version,
            decision=_decision(event),
            certificate_level=enum_name(types_pb2.CertificateLevel, level) or None,
        ),
    )
