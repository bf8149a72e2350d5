"""IntakeService and the handler of resolution's events: protobuf ↔ domain mapping only."""

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from google.protobuf.json_format import MessageToDict
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import domain
from intake.store import IntakeStore
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.access import PUBLIC
from phananh_common.errors import NotFound
from phananh_common.policy import DeadlinePolicy
from phananh_common.protoconv import enum_name, enum_value, from_date, from_datetime, to_date

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
NOT_FOUND = "no complaint with this tracking code and phone"

# Citizens need no account: they prove themselves with the tracking code and the phone.
ACCESS = {"SubmitComplaint": PUBLIC, "GetComplaintStatus": PUBLIC}


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
        claimed_doses=tuple(
            domain.Dose(
                dose_number=d.dose_number,
                vaccinated_on=to_date(d.vaccinated_on),
                vaccine_code=d.vaccine_code,
                lot_number=d.lot_number,
                facility_code=d.facility_code,
            )
            for d in message.claimed_doses
        ),
        description=message.description,
    )


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
        claimed_doses=[
            types_pb2.ClaimedDose(
                dose_number=d.dose_number,
                vaccinated_on=from_date(d.vaccinated_on),
                vaccine_code=d.vaccine_code,
                lot_number=d.lot_number,
                facility_code=d.facility_code,
            )
            for d in complaint.claimed_doses
        ],
        description=complaint.description,
    )


class IntakeApi(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, store: IntakeStore, policy: DeadlinePolicy):
        self._store = store
        self._policy = policy

    async def SubmitComplaint(self, request, context):  # noqa: N802 (gRPC's name)
        now = datetime.now(UTC)
        accepted = domain.accept(
            complaint_from_proto(request.complaint), now.astimezone(LOCAL_TIME).date()
        )
        complaint = complaint_to_proto(accepted.complaint)
        warnings = [types_pb2.Warning(code=w.code, message=w.message) for w in accepted.warnings]
        complaint_id = uuid.uuid4()
        tracking_code = domain.new_tracking_code()
        event = ComplaintSubmitted(
            complaint_id=str(complaint_id),
            tracking_code=tracking_code,
            complaint=complaint,
            submitted_at=from_datetime(now),
            warnings=warnings,
        )
        row = {
            "complaint_id": complaint_id,
            "tracking_code": tracking_code,
            "category": accepted.complaint.category,
            "person_key": accepted.person_key,
            "phone": accepted.complaint.citizen.phone,
            "complaint": complaint.SerializeToString(),
            "warnings": [MessageToDict(w) for w in warnings],
            "submitted_at": now,
            "due_at": self._policy.due_at(now),
        }
        stored, deduplicated = await self._store.submit(row, event)
        return intake_pb2.SubmitComplaintResponse(
            tracking_code=domain.format_tracking_code(stored.tracking_code),
            status=enum_value(types_pb2.CaseStatus, stored.status),
            submitted_at=from_datetime(stored.submitted_at),
            due_at=from_datetime(stored.due_at),
            warnings=[types_pb2.Warning(**w) for w in stored.warnings],
            deduplicated=deduplicated,
        )

    async def GetComplaintStatus(self, request, context):  # noqa: N802 (gRPC's name)
        code = domain.parse_tracking_code(request.tracking_code)
        phone = domain.normalise_phone(request.phone)
        stored = await self._store.by_tracking_code(code) if code and phone else None
        if stored is None or stored.phone != phone:
            raise NotFound(NOT_FOUND)
        return intake_pb2.GetComplaintStatusResponse(
            tracking_code=domain.format_tracking_code(stored.tracking_code),
            status=enum_value(types_pb2.CaseStatus, stored.status),
            category=enum_value(types_pb2.ComplaintCategory, stored.category),
            submitted_at=from_datetime(stored.submitted_at),
            due_at=from_datetime(stored.due_at),
        )


async def on_case_status_changed(
    conn: AsyncConnection, event: CaseStatusChanged, _envelope
) -> None:
    await IntakeStore.apply_case_status(
        conn,
        uuid.UUID(event.complaint_id),
        enum_name(types_pb2.CaseStatus, event.status),
        event.unit_code,
        event.due_at.ToDatetime(tzinfo=UTC),
        event.version,
    )
