"""ReportingService and the handlers of the other services' events."""

import uuid
from datetime import UTC

from sqlalchemy.ext.asyncio import AsyncConnection

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.access import CASE_WORKERS, officers
from phananh_common.protoconv import enum_name
from reporting.store import ReportingStore

# A summary of the caller's unit (the default) or of a unit inside it.
ACCESS = {"GetSummary": officers(CASE_WORKERS, unit_field="unit_code")}


class ReportingApi(reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, store: ReportingStore):
        self._store = store

    async def GetSummary(self, request, context):  # noqa: N802 (gRPC's name)
        received, pending = await self._store.summary(request.unit_code)
        return reporting_pb2.GetSummaryResponse(
            unit_code=request.unit_code, received=received, pending=pending
        )


async def on_complaint_submitted(
    conn: AsyncConnection, event: ComplaintSubmitted, _envelope
) -> None:
    address = event.complaint.citizen.address
    await ReportingStore.record_complaint(
        conn,
        {
            "complaint_id": uuid.UUID(event.complaint_id),
            "category": enum_name(types_pb2.ComplaintCategory, event.complaint.category),
            "province_code": address.province_code,
            "district_code": address.district_code,
            "commune_code": address.commune_code,
            "submitted_at": event.submitted_at.ToDatetime(tzinfo=UTC),
        },
    )


async def on_case_status_changed(
    conn: AsyncConnection, event: CaseStatusChanged, _envelope
) -> None:
    await ReportingStore.record_case_status(
        conn,
        uuid.UUID(event.complaint_id),
        enum_name(types_pb2.CaseStatus, event.status),
        event.unit_code,
        event.version,
    )
