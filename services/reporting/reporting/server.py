from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh_common.access import open_to_clients
from phananh_common.account_access import AccountAccess
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, ServiceParts, Servicer
from reporting.api import ACCESS, EventHandlers, ReportingApi
from reporting.config import ReportingSettings
from reporting.service.projection import Projection
from reporting.service.reports import Reports

# District clients read and export their weekly reports themselves (`phananh-district reports
# weekly`), with their officers' tokens; every other reporting RPC comes through the gateway.
OPEN_TO_DISTRICT_CLIENTS = ("GetWeeklyReport", "ExportWeeklyReport")


def build(settings: ReportingSettings, engine, channels, clock: Clock = utc_now) -> ServiceParts:
    reports = Reports(engine, settings.province_code, settings.backlog_due_day, clock)
    handlers = EventHandlers(Projection(settings))
    access = AccountAccess(engine)
    rules = ACCESS | open_to_clients({m: ACCESS[m] for m in OPEN_TO_DISTRICT_CLIENTS})
    return ServiceParts(
        servicers=[Servicer.of(ReportingApi(reports), reporting_pb2, reporting_pb2_grpc, rules)],
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
