from phananh.events.v1.intake_events_pb2 import (
    ComplaintSubmitted,
    ComplaintSupplemented,
    FacilitiesImported,
)
from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from phananh_common.access import open_to_clients
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, ServiceParts, Servicer
from resolution.accounts.wiring import account_parts
from resolution.cases import api as cases
from resolution.cases import recheck_api
from resolution.cases.intake_client import IntakeEvidence
from resolution.cases.service.decisions import Decisions
from resolution.cases.service.digests import OverdueDigests
from resolution.cases.service.rechecks import Rechecks
from resolution.cases.service.work import CaseWork
from resolution.config import ResolutionSettings
from resolution.metrics import CaseGauges
from resolution.registry import api as registry
from resolution.registry.service.imports import MAX_UPLOAD_BYTES
from resolution.registry.service.registry import Registry


class ResolutionApi(
    cases.CaseApi,
    recheck_api.RecheckApi,
    registry.RegistryApi,
    resolution_pb2_grpc.ResolutionServiceServicer,
):
    """ResolutionService: one gRPC service, its methods written in the topics' apis."""

    def __init__(self, work: CaseWork, decisions: Decisions, rechecks: Rechecks, records: Registry):
        cases.CaseApi.__init__(self, work, decisions)
        recheck_api.RecheckApi.__init__(self, rechecks)
        registry.RegistryApi.__init__(self, records)


def build(settings: ResolutionSettings, engine, channels, clock: Clock = utc_now) -> ServiceParts:
    accounts = account_parts(settings, engine, clock)
    records = Registry(engine, settings.province_code, clock)
    evidence = IntakeEvidence(channels)
    work = CaseWork(engine, settings, settings.province_code, clock, evidence)
    decisions = Decisions(engine, settings.province_code, clock)
    rechecks = Rechecks(engine, clock, settings.recheck_hours, evidence)
    api = ResolutionApi(work, decisions, rechecks, records)
    digests = OverdueDigests(engine, settings.digest_at, clock, settings.recheck_hours)
    # District clients call resolution's API directly with their officers' tokens, besides
    # the gateway: its rules are open to them.
    access = open_to_clients(cases.ACCESS | recheck_api.ACCESS | registry.ACCESS)
    return ServiceParts(
        account_state=accounts.access_state,
        servicers=[
            Servicer.of(api, resolution_pb2, resolution_pb2_grpc, access),
            accounts.servicer,
        ],
        event_handlers={
            ComplaintSubmitted: cases.ComplaintHandler(work),
            ComplaintSupplemented: cases.SupplementHandler(work),
            FacilitiesImported: registry.FacilitiesHandler(records),
        },
        publishes_events=True,
        collectors=[CaseGauges(engine)],
        background=[Job(digests.run_daily), *accounts.background],
        # The registry extract's upload, with room for the message around it.
        max_request_bytes=MAX_UPLOAD_BYTES + 64 * 1024,
        on_start=accounts.on_start,
    )
