"""Helpers the integration and end-to-end tests share: free ports, settings for services
running in the test's own event loop, and polling for eventually consistent effects."""

import asyncio
import socket
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import asyncpg
import grpc
import httpx
import pytest
from google.rpc import error_details_pb2
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.app import create_app
from gateway.config import GatewaySettings
from intake.config import IntakeSettings
from intake.server import build as build_intake
from notification.config import NotificationSettings
from notification.server import build as build_notification
from phananh_common.access import GATEWAY
from phananh_common.channels import ServiceIdentity
from phananh_common.config import SERVICES
from phananh_common.embedded_postgres import provision_services
from phananh_common.grpc_errors import status_details
from phananh_common.local_time import Clock, utc_now
from phananh_common.server import RunningService
from phananh_common.service_tokens import ServiceTokenSigner, generate_key
from phananh_common.tokens import Principal, TokenSigner, generate_key_pair
from reporting.config import ReportingSettings
from reporting.server import build as build_reporting
from resolution.config import ResolutionSettings
from resolution.server import build as build_resolution

SERVICE_PARTS = {
    "intake": (IntakeSettings, build_intake),
    "resolution": (ResolutionSettings, build_resolution),
    "notification": (NotificationSettings, build_notification),
    "reporting": (ReportingSettings, build_reporting),
}


def gateway_schema() -> dict:
    """The OpenAPI schema of the gateway's code, made without a running system (throwaway
    keys): for tests parametrised over its operations at collection time."""
    settings = GatewaySettings(
        token_public_key=generate_key_pair()[1], service_token_key=generate_key()
    )
    return create_app(settings).openapi()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def topology_env(ports: dict[str, int]) -> dict[str, str]:
    """Environment that puts each service on its port and points the others at it."""
    env = {}
    for service, port in ports.items():
        env[f"PHANANH_{service.upper()}_PORT"] = str(port)
        env[f"PHANANH_{service.upper()}_TARGET"] = f"127.0.0.1:{port}"
    return env


class InProcessSystem:
    """The four services as gRPC servers in the test's event loop, on free ports."""

    def __init__(self, database_urls: dict[str, str], **settings_overrides):
        self.ports = {s: free_port() for s in SERVICES}
        self.database_urls = database_urls
        # Each system signs with its own keys, as `make run` does with its data folder's;
        # notification's SMS go to a file of the test's own, at any hour.
        self.signing_key, public_key = generate_key_pair()
        self.service_key = generate_key()
        self.sms_file = f"{tempfile.mkdtemp(prefix='phananh-sms-')}/sms.jsonl"
        self.overrides = {
            "relay_poll_seconds": 0.5,
            "db_pool_size": 4,
            "token_public_key": public_key,
            "token_signing_key": self.signing_key,
            "service_token_key": self.service_key,
            "otp_required": False,
            "sms_file": self.sms_file,
            "sms_quiet_hours": "",
            **settings_overrides,
        }
        self.running: dict[str, RunningService] = {}

    def settings(self, service: str):
        settings_class, _ = SERVICE_PARTS[service]
        topology = {f"{s}_port": p for s, p in self.ports.items()}
        topology |= {f"{s}_target": f"127.0.0.1:{p}" for s, p in self.ports.items()}
        values = {"database_url": self.database_urls[service]}
        return settings_class(**(values | topology | self.overrides))

    async def start(self, *services: str) -> None:
        for service in services or SERVICES:
            self.running[service] = await self.start_replica(service, self.ports[service])

    async def start_replica(self, service: str, port: int) -> RunningService:
        """A process's worth of `service` on `port`, over the same database."""
        _, build = SERVICE_PARTS[service]
        settings = self.settings(service).model_copy(update={f"{service}_port": port})
        running = RunningService(settings, build)
        await running.start()
        return running

    async def stop(self, *services: str) -> None:
        for service in services or list(self.running):
            await self.running.pop(service).stop()

    def target(self, service: str) -> str:
        return f"127.0.0.1:{self.ports[service]}"

    def token(self, role: str, unit_code: str, **claims) -> str:
        return mint_token(self.signing_key, role, unit_code, **claims)

    def channel(self, service: str, caller: str = GATEWAY, **kwargs) -> grpc.aio.Channel:
        """A channel to one of the system's services as `caller` (see service_channel)."""
        return service_channel(self.target(service), service, self.service_key, caller, **kwargs)


@asynccontextmanager
async def system_of_its_own(admin_url: str, templates: str, **settings_overrides):
    """An InProcessSystem, started, on fresh databases of its own: for a module's tests to
    share."""
    prefix = f"m{uuid.uuid4().hex[:10]}"
    urls = await provision_services(admin_url, prefix=prefix, template_prefix=templates)
    system = InProcessSystem(urls, **settings_overrides)
    await system.start()
    try:
        yield system
    finally:
        await system.stop()


def mint_token(
    signing_key: str,
    role: str,
    unit_code: str,
    *,
    username: str = "tester",
    account_id: str = "",
    restriction: str = "",
    lifetime: timedelta = timedelta(minutes=5),
    clock: Clock = utc_now,
) -> str:
    """An access token as resolution would issue it, for tests of what the others allow
    (logging in is tested on its own)."""
    principal = Principal(account_id or str(uuid.uuid4()), username, role, unit_code, restriction)
    return TokenSigner(signing_key, lifetime, clock).issue(principal)[0]


def bearer(token: str) -> tuple[tuple[str, str]]:
    """gRPC call metadata carrying the token."""
    return (("authorization", f"Bearer {token}"),)


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 20.0) -> None:
    """Waits until `check()` is true: the effects of events are seconds behind their cause."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s")
        await asyncio.sleep(0.1)


async def scalar(database_url: str, sql: str, **params):
    """One value from a service's database, read as the test (not through the service)."""
    engine = create_async_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return await conn.scalar(text(sql), params)
    finally:
        await engine.dispose()


async def fetch(database_url: str, sql: str, **params) -> list:
    """Every row of a query on a service's database, read as the test."""
    engine = create_async_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(sql), params)).all()
    finally:
        await engine.dispose()


async def execute(database_url: str, sql: str, **params) -> None:
    """A change made behind a service's back, to set up a situation."""
    engine = create_async_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql), params)
    finally:
        await engine.dispose()


class _CarryToken(grpc.aio.UnaryUnaryClientInterceptor):
    def __init__(self, token: str):
        self._metadata = bearer(token)

    async def intercept_unary_unary(self, continuation, details, request):
        metadata = (*(details.metadata or ()), *self._metadata)
        return await continuation(details._replace(metadata=metadata), request)


def service_channel(
    target: str,
    service: str,
    key: str | bytes,
    caller: str = GATEWAY,
    *,
    token: str = "",
    options=None,
) -> grpc.aio.Channel:
    """A channel to `service` at `target` whose every call carries the service identity of
    `caller` (the gateway by default; a producer to deliver its events), signed with the
    system's service key, and an officer's `token` when given: as that process's own
    channels would."""
    interceptors = [ServiceIdentity(ServiceTokenSigner(key, caller), service)]
    if token:
        interceptors.append(_CarryToken(token))
    return grpc.aio.insecure_channel(target, options=options, interceptors=interceptors)


def service_key_of(env: Mapping[str, str]) -> str:
    """The service key that a `Stack`'s processes were given (PHANANH_SERVICE_TOKEN_KEY)."""
    return env.get("PHANANH_SERVICE_TOKEN_KEY") or (
        Path(env["PHANANH_SERVICE_TOKEN_KEY_FILE"]).read_text().rstrip("\r\n")
    )


def stack_channel(
    env: Mapping[str, str], service: str, caller: str = GATEWAY, **kwargs
) -> grpc.aio.Channel:
    """A channel to one of a `Stack`'s services (its environment `env`) as `caller`."""
    target = f"127.0.0.1:{env[f'PHANANH_{service.upper()}_PORT']}"
    return service_channel(target, service, service_key_of(env), caller, **kwargs)


def district_client_channel(target: str, token: str) -> grpc.aio.Channel:
    """A district client's channel to resolution: its officer's token alone, no service
    identity."""
    return grpc.aio.insecure_channel(target, interceptors=[_CarryToken(token)])


def officer_channel(
    system: InProcessSystem, service: str, role: str = "PROVINCE_ADMIN", unit_code: str = "75"
) -> grpc.aio.Channel:
    """A channel to one of the system's services whose every call carries an officer's token,
    through the gateway (its service identity)."""
    return system.channel(service, token=system.token(role, unit_code))


async def refused(call) -> tuple[grpc.StatusCode, str, list[str]]:
    """The code, ErrorInfo reason and violated fields of a gRPC call that must fail."""
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    reason, fields = "", []
    status = status_details(caught.value)
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields = [v.field for v in bad.field_violations]
    return caught.value.code(), reason, fields


@asynccontextmanager
async def gateway_client(
    system, base_url: str = "http://gateway", client_address: str = "127.0.0.1", **settings
):
    """The gateway's app in the test's loop, over the in-process services, called at
    `base_url` (https: as if over TLS) from `client_address`; `settings` change the gateway's
    own."""
    targets = {f"{s}_target": system.target(s) for s in SERVICES}
    keys = {k: system.overrides[k] for k in ("token_public_key", "service_token_key")}
    app = create_app(GatewaySettings(**(targets | keys | settings)))
    transport = httpx.ASGITransport(app=app, client=(client_address, 123))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=base_url) as client,
    ):
        yield client


class RowCounts:
    """The number of rows in each table of the services' databases, read as the test: a
    refused request must leave them as they were. Tables a refusal writes on purpose (the
    record of failed logins, and their counts) and those event consumers write behind an
    accepted request are left out: so are the requests intake counts per client address, a
    refused lookup's among them."""

    NOT_COUNTED = frozenset(
        {
            "security_events",
            "login_throttles",
            "login_failure_streaks",
            "inbox_events",
            "client_requests",
        }
    )

    def __init__(self, queries: dict[str, tuple[asyncpg.Connection, str]]):
        self.queries = queries

    @classmethod
    async def open(cls, database_urls: dict[str, str]) -> "RowCounts":
        queries = {}
        for service, url in database_urls.items():
            connection = await asyncpg.connect(url.replace("+asyncpg", ""))
            tables = await connection.fetch(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            counted = [t["table_name"] for t in tables if t["table_name"] not in cls.NOT_COUNTED]
            queries[service] = (
                connection,
                "SELECT "
                + ", ".join(
                    f'(SELECT count(*) FROM "{name}") AS "{service}.{name}"' for name in counted
                ),
            )
        return cls(queries)

    async def read(self, *services: str) -> dict[str, int]:
        """The counts of the services' databases (all four when none is named)."""
        counts = {}
        for service, (connection, query) in self.queries.items():
            if not services or service in services:
                counts |= dict(await connection.fetchrow(query))
        return counts

    @staticmethod
    def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
        """The tables holding more rows than before. Rows may go meanwhile (the relay deletes a
        delivered one-time code, the housekeeping expired keys): only a new row is stored."""
        return {table: n for table, n in after.items() if n > before.get(table, 0)}

    async def close(self) -> None:
        for connection, _ in self.queries.values():
            await connection.close()
