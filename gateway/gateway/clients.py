"""The gateway's gRPC stubs: one channel per service for the process, opened in the lifespan."""

from dataclasses import dataclass

from grpc_health.v1 import health_pb2_grpc

from phananh.intake.v1 import intake_pb2_grpc
from phananh.notification.v1 import notification_pb2_grpc
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh.resolution.v1 import resolution_pb2_grpc
from phananh_common.channels import Channels
from phananh_common.config import SERVICES

# Reads are safe to repeat; submissions are not (they are deduplicated, but a retry would
# hide the first answer), so they are not retried by the channel.
RETRYABLE = (
    "grpc.health.v1.Health",
    "phananh.intake.v1.IntakeService/GetComplaintStatus",
    "phananh.resolution.v1.ResolutionService/ListCases",
    "phananh.notification.v1.NotificationService/ListMessages",
    "phananh.reporting.v1.ReportingService/GetSummary",
    "phananh.reporting.v1.ReportingService/GetWeeklyReport",
    "phananh.reporting.v1.ReportingService/ExportWeeklyReport",
    "phananh.reporting.v1.ReportingService/GetWeeklyStatus",
    "phananh.reporting.v1.ReportingService/GetDashboard",
    "phananh.reporting.v1.ReportingService/GetChart",
)


@dataclass
class Clients:
    channels: Channels
    deadline: float

    def __post_init__(self):
        get = self.channels.get
        self.intake = intake_pb2_grpc.IntakeServiceStub(get("intake"))
        self.resolution = resolution_pb2_grpc.ResolutionServiceStub(get("resolution"))
        self.notification = notification_pb2_grpc.NotificationServiceStub(get("notification"))
        self.reporting = reporting_pb2_grpc.ReportingServiceStub(get("reporting"))
        self.health = {s: health_pb2_grpc.HealthStub(get(s)) for s in SERVICES}
