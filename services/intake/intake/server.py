from intake import evidence
from intake.api import ACCESS, IntakeApi, answer_bytes, on_case_status_changed
from intake.config import IntakeSettings
from intake.rate_limits import AddressLimits
from intake.service.citizen import CitizenRequests
from intake.service.erasure import Erasures
from intake.service.evidence import EvidenceReads
from intake.service.evidence_checks import CheckLimits, EvidenceChecks
from intake.service.facilities import Facilities
from intake.service.housekeeping import Housekeeping
from intake.service.one_time_codes import OneTimeCodes
from intake.service.submissions import Submissions
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh_common.account_access import AccountAccess
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, ServiceParts, Servicer

# An evidence file and the rest of its request.
MAX_REQUEST_BYTES = evidence.MAX_BYTES + 64 * 1024


def build(settings: IntakeSettings, engine, channels, clock: Clock = utc_now) -> ServiceParts:
    limits = AddressLimits.per_hour(
        settings.submissions_per_address,
        settings.additions_per_address,
        settings.failed_lookups_per_address,
    )
    facilities = Facilities(engine, settings.province_code, clock)
    codes = OneTimeCodes(engine, clock)
    submissions = Submissions(
        engine, settings, clock, facilities, codes, limits.submissions, answer_bytes
    )
    citizens = CitizenRequests(engine, limits, clock, facilities)
    erasures = Erasures(engine, clock, settings.kept_for)
    api = IntakeApi(
        submissions,
        citizens,
        codes,
        facilities,
        EvidenceReads(engine),
        erasures,
        settings.retention_days,
    )
    access = AccountAccess(engine)
    return ServiceParts(
        servicers=[Servicer.of(api, intake_pb2, intake_pb2_grpc, ACCESS)],
        event_handlers={CaseStatusChanged: on_case_status_changed, **access.handlers},
        account_state=access.state,
        publishes_events=True,
        max_request_bytes=MAX_REQUEST_BYTES,
        background=[
            Job(lambda: Housekeeping(engine).keep_house(clock, settings.keys_kept_for)),
            EvidenceChecks(
                engine,
                settings.database_url,
                CheckLimits(
                    settings.evidence_check_concurrency,
                    settings.evidence_check_seconds,
                    settings.evidence_check_attempts,
                ),
                settings.relay_poll_seconds,
            ),
            Job(erasures.run),
        ],
    )
