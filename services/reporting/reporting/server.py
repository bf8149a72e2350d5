from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh_common.account_access import AccountAccess
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, ServiceParts, Servicer
from reporting.api import ACCESS, EventHandlers, ReportingApi
from reporting.config import ReportingSettings
from reporting.service.projection import Projection
from reporting.service.reports import Reports


def build(settings: ReportingSettings, engine, channels, clock: Clock = utc_now) -> ServiceParts:
    reports = Reports(engine, settings.province_code, settings.backlog_due_day, clock)
    handlers = EventHandlers(Projection(settings))
    access = AccountAccess(engine)
    return ServiceParts(
        servicers=[Servicer.of(ReportingApi(reports), reporting_pb2, reporting_pb2_grpc, ACCESS)],
        event_handlers={
            ComplaintSubmitted: handlers.complaint_submitted,
            CaseStatusChanged: handlers.case_status_changed,
            MessageStatusChanged: handlers.message_status_changed,
            **access.handlers,
        },
        # Every event adds to the province's counters: batches wait for each other there
        # anyway, and alone they cannot deadlock.
        event_batches_alone=True,
        account_state=access.state,
        background=[Job(lambda: reports.generate_drafts_weekly(settings.weekly_report_time))],
    )
