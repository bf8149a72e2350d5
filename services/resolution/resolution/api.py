"""ResolutionService and the handler of intake's events: protobuf ↔ domain mapping only."""

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common import outbox
from phananh_common.access import CASE_WORKERS, PROVINCE_ADMIN, PUBLIC, current_principal, officers
from phananh_common.errors import FieldViolation, InvalidArgument
from phananh_common.paging import decode_page_token, encode_page_token, page_size
from phananh_common.policy import DeadlinePolicy
from phananh_common.protoconv import enum_name, enum_value, from_datetime
from phananh_common.units import units
from resolution import domain
from resolution.cases.store import CaseStore
from resolution.messages import citizen_message
from resolution.registry.service import Registry
from resolution.rejection_reasons import REJECTION_REASONS

# Officers see the cases inside their unit (`unit_code`, empty: the caller's own unit).
ACCESS = {
    "ListCases": officers(CASE_WORKERS, unit_field="unit_code"),
    "ListRejectionReasons": PUBLIC,
    "ImportRegistry": officers({PROVINCE_ADMIN}),
    # Records are scoped by the unit of the citizen's address, in the servicer.
    "SearchCitizens": officers(CASE_WORKERS),
    "GetCitizen": officers(CASE_WORKERS),
}


def _after(token: str) -> tuple[datetime, uuid.UUID] | None:
    if not token:
        return None
    due_at, case_id = decode_page_token(token, 2)
    try:
        return datetime.fromisoformat(due_at), uuid.UUID(case_id)
    except ValueError:
        raise InvalidArgument.of(
            [FieldViolation("page_token", "is not a token from a previous page")]
        ) from None


class ResolutionApi(resolution_pb2_grpc.ResolutionServiceServicer):
    def __init__(self, store: CaseStore, registry: Registry):
        self._store = store
        self._registry = registry

    async def ListCases(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        rows = await self._store.list_cases(
            units().within(request.unit_code), size + 1, _after(request.page_token)
        )
        page = rows[:size]
        return resolution_pb2.ListCasesResponse(
            cases=[
                resolution_pb2.Case(
                    case_id=str(r.case_id),
                    tracking_code=r.tracking_code,
                    status=enum_value(types_pb2.CaseStatus, r.status),
                    category=enum_value(types_pb2.ComplaintCategory, r.category),
                    unit_code=r.unit_code,
                    submitted_at=from_datetime(r.submitted_at),
                    due_at=from_datetime(r.due_at),
                    version=r.version,
                )
                for r in page
            ],
            next_page_token=encode_page_token(page[-1].due_at.isoformat(), str(page[-1].case_id))
            if len(rows) > size
            else "",
        )

    async def ListRejectionReasons(self, request, context):  # noqa: N802 (gRPC's name)
        return resolution_pb2.ListRejectionReasonsResponse(
            reasons=[
                resolution_pb2.RejectionReason(
                    code=r.code,
                    title=r.title,
                    citizen_advice=r.citizen_advice,
                    note_required=r.note_required,
                )
                for r in REJECTION_REASONS.values()
            ]
        )

    async def ImportRegistry(self, request, context):  # noqa: N802 (gRPC's name)
        imported = await self._registry.import_upload(request.csv, current_principal())
        return resolution_pb2.ImportRegistryResponse(
            citizens=imported.citizens, doses=imported.doses, citizen_ids=imported.citizen_ids
        )

    async def SearchCitizens(self, request, context):  # noqa: N802 (gRPC's name)
        found = await self._registry.search(current_principal(), request.national_id, request.phone)
        return resolution_pb2.SearchCitizensResponse(citizens=[citizen_message(r) for r in found])

    async def GetCitizen(self, request, context):  # noqa: N802 (gRPC's name)
        record = await self._registry.citizen(current_principal(), request.citizen_id)
        return resolution_pb2.GetCitizenResponse(citizen=citizen_message(record))


class ComplaintHandler:
    """Opens a case for each submitted complaint and tells the others where it went."""

    def __init__(self, policy: DeadlinePolicy, province_code: str):
        self._policy = policy
        self._province_code = province_code

    async def __call__(self, conn: AsyncConnection, event: ComplaintSubmitted, _envelope) -> None:
        submitted_at = event.submitted_at.ToDatetime(tzinfo=UTC)
        unit_code = domain.route(
            domain.Claim(address_district_code=event.complaint.citizen.address.district_code),
            self._province_code,
        )
        case_id = uuid.uuid4()
        due_at = self._policy.due_at(submitted_at)
        opened = await CaseStore.open_case(
            conn,
            {
                "case_id": case_id,
                "complaint_id": uuid.UUID(event.complaint_id),
                "tracking_code": event.tracking_code,
                "category": enum_name(types_pb2.ComplaintCategory, event.complaint.category),
                "status": "ASSIGNED",
                "unit_code": unit_code,
                "submitted_at": submitted_at,
                "due_at": due_at,
                "version": 1,
                "complaint": event.complaint.SerializeToString(),
            },
        )
        if opened:
            changed = CaseStatusChanged(
                case_id=str(case_id),
                complaint_id=event.complaint_id,
                tracking_code=event.tracking_code,
                status=types_pb2.CASE_STATUS_ASSIGNED,
                unit_code=unit_code,
                due_at=from_datetime(due_at),
                changed_at=from_datetime(datetime.now(UTC)),
                version=1,
            )
            await outbox.publish(conn, "resolution", [changed])
