"""The accounts wired once, for resolution's server and for the bootstrap command alike: their
use cases from the settings, and the server's parts they bring (the AccountService, the check
of a token's account, the hourly forgetting of old failed logins, the first admin)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh.resolution.v1 import accounts_pb2, accounts_pb2_grpc
from phananh_common.access import AccountState, open_to_clients
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import Job, Servicer
from phananh_common.tokens import Principal, TokenSigner
from resolution.accounts import credentials
from resolution.accounts.api import ACCESS, AccountApi
from resolution.accounts.domain import LoginThrottle
from resolution.accounts.service.accounts import AccountPolicy, Accounts
from resolution.accounts.service.imports import AccountImports
from resolution.accounts.service.logins import Logins
from resolution.config import ResolutionSettings


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


def account_service(
    settings: ResolutionSettings, engine: AsyncEngine, clock: Clock = utc_now
) -> Accounts:
    return Accounts(engine, account_policy(settings), clock)


def login_service(
    settings: ResolutionSettings, engine: AsyncEngine, clock: Clock = utc_now
) -> Logins:
    lifetime = timedelta(minutes=settings.access_token_minutes)
    signer = TokenSigner(settings.signing_key_pem, lifetime, clock)
    return Logins(engine, signer, account_policy(settings), clock)


@dataclass(frozen=True)
class AccountParts:
    """What the accounts add to resolution's server (phananh_common.server.ServiceParts)."""

    servicer: Servicer
    # Whether a token's account still accepts it (Accounts.access_state).
    access_state: Callable[[Principal], Awaitable[AccountState | None]]
    background: list[Job]
    # The first province admin, once the database answers.
    on_start: Callable[[], Awaitable[None]]


def account_parts(
    settings: ResolutionSettings, engine: AsyncEngine, clock: Clock = utc_now
) -> AccountParts:
    accounts = account_service(settings, engine, clock)
    logins = login_service(settings, engine, clock)
    # District clients log in (with no token) and manage their keys directly, besides the
    # gateway: the rules are open to them.
    return AccountParts(
        servicer=Servicer.of(
            AccountApi(accounts, logins, AccountImports(engine, accounts)),
            accounts_pb2,
            accounts_pb2_grpc,
            open_to_clients(ACCESS),
        ),
        access_state=accounts.access_state,
        background=[Job(logins.forget_old_failures)],
        on_start=partial(accounts.ensure_bootstrap_admin, settings.bootstrap_admin),
    )
