from datetime import timedelta
from functools import partial

from phananh.events.v1.intake_events_pb2 import (
    ComplaintSubmitted,
    ComplaintSupplemented,
    FacilitiesImported,
)
from phananh.resolution.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    resolution_pb2,
    resolution_pb2_grpc,
)
from phananh_common.access import open_to_clients
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, ServiceParts, Servicer
from phananh_common.tokens import TokenSigner
from resolution.accounts import credentials
from resolution.accounts.api import ACCESS as ACCOUNT_ACCESS
from resolution.accounts.api import AccountApi
from resolution.accounts.bootstrap import ensure_bootstrap_admin
from resolution.accounts.domain import LoginThrottle
from resolution.accounts.logins import Logins
from resolution.accounts.service import AccountPolicy, Accounts
from resolution.accounts.store import AccountStore
from resolution.api import (
    ACCESS,
    ComplaintHandler,
    FacilitiesHandler,
    ResolutionApi,
    SupplementHandler,
)
from resolution.cases.decisions import Decisions
from resolution.cases.digests import OverdueDigests
from resolution.cases.rechecks import Rechecks
from resolution.cases.service import CaseWork
from resolution.config import ResolutionSettings
from resolution.intake_client import IntakeEvidence
from resolution.metrics import CaseGauges
from resolution.registry.service import MAX_UPLOAD_BYTES, Registry


def account_policy(settings: ResolutionSettings) -> AccountPolicy:
    return AccountPolicy(
        settings.province_code,
        LoginThrottle(
            settings.login_max_failures,
            timedelta(minutes=settings.login_delay_minutes),
            timedelta(minutes=settings.login_max_delay_minutes),
            settings.login_max_failures_per_username,
        ),
        settings.admin_2fa,
        settings.login_max_failures_per_address,
        timedelta(minutes=settings.login_address_window_minutes),
        credentials.username_secret(settings.signing_key_pem),
    )


def account_service(settings: ResolutionSettings, engine, clock: Clock = utc_now) -> Accounts:
    return Accounts(AccountStore(engine), account_policy(settings), clock)


def login_service(settings: ResolutionSettings, engine, clock: Clock = utc_now) -> Logins:
    lifetime = timedelta(minutes=settings.access_token_minutes)
    signer = TokenSigner(settings.signing_key_pem, lifetime, clock)
    return Logins(AccountStore(engine), signer, account_policy(settings), clock)


def build(settings: ResolutionSettings, engine, channels, clock: Clock = utc_now) -> ServiceParts:
    account_use_cases = account_service(settings, engine, clock)
    logins = login_service(settings, engine, clock)
    registry = Registry(engine, settings.province_code, clock)
    work = CaseWork(engine, settings, settings.province_code, clock, IntakeEvidence(channels))
    digests = OverdueDigests(engine, settings.digest_at, clock)
    # District clients call resolution's API directly with their officers' tokens (and log
    # in with none), besides the gateway: its rules are open to them.
    return ServiceParts(
        account_state=account_use_cases.access_state,
        servicers=[
            Servicer.of(
                ResolutionApi(
                    work,
                    Decisions(engine, settings.province_code, clock),
                    Rechecks(engine, clock),
                    registry,
                ),
                resolution_pb2,
                resolution_pb2_grpc,
                open_to_clients(ACCESS),
            ),
            Servicer.of(
                AccountApi(account_use_cases, logins),
                accounts_pb2,
                accounts_pb2_grpc,
                open_to_clients(ACCOUNT_ACCESS),
            ),
        ],
        event_handlers={
            ComplaintSubmitted: ComplaintHandler(work),
            ComplaintSupplemented: SupplementHandler(work),
            FacilitiesImported: FacilitiesHandler(registry),
        },
        publishes_events=True,
        collectors=[CaseGauges(engine)],
        background=[Job(digests.run_daily), Job(logins.forget_old_failures)],
        # The registry extract's upload, with room for the message around it.
        max_request_bytes=MAX_UPLOAD_BYTES + 64 * 1024,
        on_start=partial(
            ensure_bootstrap_admin,
            account_use_cases,
            settings.bootstrap_admin,
            settings.province_code,
        ),
    )
