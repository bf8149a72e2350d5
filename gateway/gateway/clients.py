"""The gateway's gRPC stubs: one channel per service for the process, opened in the lifespan."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from grpc_health.v1 import health_pb2_grpc

from phananh.intake.v1 import intake_pb2_grpc
from phananh.notification.v1 import notification_pb2_grpc
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh.resolution.v1 import accounts_pb2_grpc, resolution_pb2_grpc
from phananh_common.channels import Channels
from phananh_common.config import SERVICES

# Reads are safe to repeat, and so are submissions: each carries an idempotency key (the
# client's or the gateway's), so a repeat gets the first answer back. Evidence, codes and
# supplements are not retried (a repeat would add a second file, send a second SMS).
RETRYABLE = (
    "grpc.health.v1.Health",
    "phananh.intake.v1.IntakeService/GetComplaintStatus",
    "phananh.intake.v1.IntakeService/SubmitComplaint",
    "phananh.intake.v1.IntakeService/ListFacilities",
    "phananh.resolution.v1.ResolutionService/ListRejectionReasons",
    "phananh.resolution.v1.ResolutionService/ListCases",
    "phananh.resolution.v1.ResolutionService/SearchCitizens",
    "phananh.resolution.v1.ResolutionService/GetCitizen",
    "phananh.resolution.v1.ResolutionService/GetCase",
    "phananh.resolution.v1.ResolutionService/GetCaseEvidence",
    "phananh.resolution.v1.ResolutionService/ListRechecks",
    "phananh.resolution.v1.ResolutionService/GetRecheck",
    "phananh.resolution.v1.ResolutionService/GetRecheckEvidence",
    "phananh.notification.v1.NotificationService/ListMessages",
    "phananh.notification.v1.NotificationService/ListDeadLetters",
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
    bulk_deadline: float

    def __post_init__(self):
        get = self.channels.get
        self.intake = intake_pb2_grpc.IntakeServiceStub(get("intake"))
        self.resolution = resolution_pb2_grpc.ResolutionServiceStub(get("resolution"))
        self.accounts = accounts_pb2_grpc.AccountServiceStub(get("resolution"))
        self.notification = notification_pb2_grpc.NotificationServiceStub(get("notification"))
        self.reporting = reporting_pb2_grpc.ReportingServiceStub(get("reporting"))
        self.health = {s: health_pb2_grpc.HealthStub(get(s)) for s in SERVICES}


# Dependencies are `async def`: FastAPI runs a plain `def` one in a worker thread, a thread
# hop on every request.
async def _clients(request: Request) -> Clients:
    return request.app.state.clients


ClientsDep = Annotated[Clients, Depends(_clients)]
