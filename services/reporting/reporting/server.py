from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh_common.server import ServiceParts, Servicer
from reporting.api import ACCESS, ReportingApi, on_case_status_changed, on_complaint_submitted
from reporting.config import ReportingSettings
from reporting.store import ReportingStore


def build(settings: ReportingSettings, engine, channels) -> ServiceParts:
    return ServiceParts(
        servicers=[
            Servicer.of(
                ReportingApi(ReportingStore(engine)), reporting_pb2, reporting_pb2_grpc, ACCESS
            )
        ],
        event_handlers={
            ComplaintSubmitted: on_complaint_submitted,
            CaseStatusChanged: on_case_status_changed,
        },
    )
