"""After the load: how long until every submitted complaint has reached all its consumers.

Two signals, both polled: reporting's `GetSummary` counts the complaints it has received,
and every producer's outbox has no delivery left undone (which also covers resolution,
notification and the events resolution sends on in turn)."""

import asyncio
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import asyncpg
import grpc

from phananh.reporting.v1.reporting_pb2 import GetSummaryRequest
from phananh.reporting.v1.reporting_pb2_grpc import ReportingServiceStub
from phananh_common.database import asyncpg_dsn
from tests.harness import mint_token, stack_channel

POLL_SECONDS = 0.1
PENDING_SQL = "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL"


@dataclass
class Drain:
    drained: bool
    seconds: float
    expected_received: int
    received: int
    pending_deliveries: int


def officer_token(env: dict[str, str], role: str = "PROVINCE_OFFICER", unit_code: str = "") -> str:
    """An officer's token from the stack's signing key (the province's by default)."""
    key = Path(env["PHANANH_TOKEN_SIGNING_KEY_FILE"]).read_text()
    unit_code = unit_code or env.get("PHANANH_PROVINCE_CODE", "75")
    return mint_token(key, role, unit_code, lifetime=timedelta(hours=2))


def province_token(env: dict[str, str]) -> str:
    """A province officer's token: reports need one."""
    return officer_token(env)


def province_channel(env: dict[str, str]) -> grpc.aio.Channel:
    """Reporting, as the gateway reaches it for a province officer."""
    return stack_channel(env, "reporting", token=province_token(env))


async def reporting_received(env: dict[str, str]) -> int:
    async with province_channel(env) as channel:
        stub = ReportingServiceStub(channel)
        reply = await stub.GetSummary(GetSummaryRequest(), timeout=5)
        return reply.figures.received


async def _outbox_connections(database_urls: list[str]) -> list[asyncpg.Connection]:
    """Connections to the databases that have an outbox (the producers')."""
    connections = []
    for url in database_urls:
        conn = await asyncpg.connect(asyncpg_dsn(url))
        if await conn.fetchval("SELECT to_regclass('outbox_deliveries')") is None:
            await conn.close()
        else:
            connections.append(conn)
    return connections


async def wait_drained(
    env: dict[str, str],
    database_urls: list[str],
    expected_received: int,
    timeout_s: float,
) -> Drain:
    started = time.perf_counter()
    connections = await _outbox_connections(database_urls)
    try:
        async with province_channel(env) as channel:
            stub = ReportingServiceStub(channel)
            while True:
                reply = await stub.GetSummary(GetSummaryRequest(), timeout=5)
                # Producers in SERVICES order: intake's outbox is counted before
                # resolution's, which holds the events resolution writes on receiving one.
                pending = sum([await conn.fetchval(PENDING_SQL) for conn in connections])
                elapsed = time.perf_counter() - started
                drained = reply.figures.received >= expected_received and pending == 0
                if drained or elapsed > timeout_s:
                    return Drain(
                        drained,
                        round(elapsed, 3),
                        expected_received,
                        reply.figures.received,
                        pending,
                    )
                await asyncio.sleep(POLL_SECONDS)
    finally:
        for conn in connections:
            await conn.close()
