from datetime import timedelta

from intake import evidence
from intake.api import ACCESS, IntakeApi, on_case_status_changed
from intake.config import IntakeSettings
from intake.housekeeping import keep_house
from intake.store import IntakeStore
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh_common.account_access import AccountAccess
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, ServiceParts, Servicer

# An evidence file and the rest of its request.
MAX_REQUEST_BYTES = evidence.MAX_BYTES + 64 * 1024


def build(settings: IntakeSettings, engine, channels, clock: Clock = utc_now) -> ServiceParts:
    store = IntakeStore(engine)
    keep_keys = timedelta(hours=settings.idempotency_key_hours)
    access = AccountAccess(engine)
    return ServiceParts(
        servicers=[
            Servicer.of(IntakeApi(store, settings, clock), intake_pb2, intake_pb2_grpc, ACCESS)
        ],
        event_handlers={CaseStatusChanged: on_case_status_changed, **access.handlers},
        account_state=access.state,
        publishes_events=True,
        max_request_bytes=MAX_REQUEST_BYTES,
        background=[Job(lambda: keep_house(store, clock, keep_keys))],
    )
