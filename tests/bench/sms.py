"""`make bench`, notification's part: messages per second through the file provider, through
a real Kannel (with its fake SMSC) and over SMPP to the test SMSC (node-smpp's server,
sending a receipt for each), beside Kannel alone driven by a plain HTTP client in the same
run; and the latency from an event arriving to its SMS leaving (p50, p99).

Each provider gets a notification process of its own on a fresh database of the bench's
PostgreSQL, fed ComplaintSubmitted events through EventConsumerService as intake's relay
feeds it. The latency is the message's `sent_at` (the provider accepted it) less its
`created_at` (the transaction that received the event), both taken on this machine. Taking
in events costs the process as much as sending, so each provider's messages are then queued
again all at once (as an operator's mass re-drive would): the dispatcher alone, its latency
from the re-queueing to the provider's acceptance.

PHANANH_BENCH_SMS (1000) messages per phase, PHANANH_BENCH_CONCURRENCY (32) at a time;
PHANANH_BENCH_PROFILE=DIR records each notification process with py-spy, as collapsed
stacks (flame graph input, one line per stack with its sample count) in
DIR/notification-<provider>.txt.
`python -m tests.bench.sms` runs this part alone, on an embedded PostgreSQL of its own."""

import asyncio
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg
import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from yarl import URL

from notification.store.messages import SMS_CHANNEL
from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh_common.database import asyncpg_dsn
from phananh_common.embedded_postgres import provision_services
from phananh_common.migrate import upgrade
from phananh_common.stack import Stack
from tests.bench import processes, report
from tests.bench.load import http_client, run_load
from tests.harness import stack_channel
from tests.kannel import PASSWORD, USERNAME, Kannel
from tests.notification_events import complaint_submitted, new_complaint
from tests.smsc import Smsc

RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "notification.json"
SENT_SQL = "SELECT count(*) FROM messages WHERE status IN ('SENT', 'DELIVERED')"
LATENCY_SQL = "SELECT EXTRACT(EPOCH FROM sent_at - created_at) * 1000 FROM messages"
REQUEUE_SQL = (
    "UPDATE messages SET status = 'QUEUED', attempts = 0, next_attempt_at = now(),"
    " sent_at = NULL, delivered_at = NULL, provider_message_id = NULL"
)
QUEUED_LATENCY_SQL = "SELECT EXTRACT(EPOCH FROM sent_at - next_attempt_at) * 1000 FROM messages"


@dataclass
class Phase:
    name: str
    messages: int
    per_second: float
    p50_ms: float
    p99_ms: float

    def row(self) -> str:
        return (
            f"{self.name:<44}{self.messages:>9}{self.per_second:>10.1f}"
            f"{self.p50_ms:>9.1f}{self.p99_ms:>9.1f}"
        )


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else math.nan


SENDSMS_PATH = (
    f"/cgi-bin/sendsms?username={USERNAME}&password={PASSWORD}&from=BENCH"
    "&to=%2B84910000000&text=Phan+anh+12345-ABCDE+da+duoc+xu+ly&coding=0"
)


async def kannel_alone(kannel: Kannel, count: int, concurrency: int) -> Phase:
    async with http_client(kannel.url, concurrency) as client:
        result = await run_load(
            client, "kannel", "GET", SENDSMS_PATH, [None] * count, concurrency, 300
        )
    return Phase(
        "Kannel alone (plain HTTP client, httpx)",
        result.ok,
        result.per_second,
        result.percentile(0.5),
        result.percentile(0.99),
    )


async def kannel_alone_aiohttp(kannel: Kannel, count: int, concurrency: int) -> Phase:
    """The same with aiohttp, the provider's client: a client costing less CPU per request
    shows more of what Kannel itself can take."""
    latencies: list[float] = []
    pending = iter(range(count))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(kannel.url, connector=connector) as session:

        async def worker() -> None:
            for _ in pending:
                sent = time.perf_counter()
                async with session.get(URL(SENDSMS_PATH, encoded=True)) as reply:
                    await reply.read()
                    if reply.status == 202:
                        latencies.append((time.perf_counter() - sent) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Phase(
        "Kannel alone (plain HTTP client, aiohttp)",
        len(latencies),
        len(latencies) / elapsed,
        _percentile(latencies, 0.5),
        _percentile(latencies, 0.99),
    )


def start_notification(env: dict[str, str], log: Path) -> subprocess.Popen:
    log_file = open(log, "ab")  # noqa: SIM115 (owned by the child process)
    return subprocess.Popen(
        [sys.executable, "-m", "notification"], env=env, stdout=log_file, stderr=log_file
    )


async def wait_serving(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"notification exited with {process.returncode}")
            try:
                reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError("notification did not serve")


async def through_notification(
    name: str, env: dict[str, str], database_url: str, count: int, concurrency: int, timeout: float
) -> Phase:
    events = [complaint_submitted(*new_complaint(n)) for n in range(count)]
    pending = iter(events)
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        # Delivered as intake's relay delivers them (its service identity).
        async with stack_channel(env, "notification", "intake") as channel:
            stub = envelope_pb2_grpc.EventConsumerServiceStub(channel)

            async def producer() -> None:
                for envelope in pending:
                    request = envelope_pb2.DeliverEventRequest(event=envelope)
                    await stub.DeliverEvent(request, timeout=30)

            started = time.perf_counter()
            await asyncio.gather(*(producer() for _ in range(concurrency)))
            return await all_sent(conn, name, count, started, timeout, LATENCY_SQL)
    finally:
        await conn.close()


async def all_sent(conn, name: str, count: int, started: float, timeout: float, latency_sql: str):
    """The phase once every message has left: the rate since `started`, the latencies."""
    while await conn.fetchval(SENT_SQL) < count:
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{name}: not every SMS left within {timeout:.0f} s")
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    latencies = [float(r[0]) for r in await conn.fetch(latency_sql)]
    return Phase(
        name, count, count / elapsed, _percentile(latencies, 0.5), _percentile(latencies, 0.99)
    )


async def requeued(name: str, database_url: str, count: int, timeout: float) -> Phase:
    """Every message queued again at once; how fast the dispatcher empties the queue."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        started = time.perf_counter()
        async with conn.transaction():
            await conn.execute(REQUEUE_SQL)
            await conn.execute(f"NOTIFY {SMS_CHANNEL}")
        return await all_sent(conn, name, count, started, timeout, QUEUED_LATENCY_SQL)
    finally:
        await conn.close()


async def measure(stack, data_dir: Path, count: int, concurrency: int) -> list[Phase]:
    (data_dir / "kannel").mkdir(parents=True, exist_ok=True)
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    kannel = Kannel(data_dir / "kannel")
    kannel.start()
    (data_dir / "smsc").mkdir(parents=True, exist_ok=True)
    smsc = Smsc(data_dir / "smsc")
    smsc.start()
    started: list[subprocess.Popen] = []
    try:
        print("measuring Kannel alone…", flush=True)
        phases = [
            await kannel_alone(kannel, count, concurrency),
            await kannel_alone_aiohttp(kannel, count, concurrency),
        ]
        providers = {
            "file": {"PHANANH_SMS_FILE": str(data_dir / "bench-sms.jsonl")},
            "kannel": {
                "PHANANH_SMS_PROVIDER": "kannel",
                "PHANANH_KANNEL_URL": kannel.url,
                "PHANANH_KANNEL_USERNAME": USERNAME,
                "PHANANH_KANNEL_PASSWORD": PASSWORD,
            },
            "smpp": smsc.env(),
        }
        for provider, settings in providers.items():
            urls = await provision_services(stack.postgres.admin_url, prefix=f"sms{provider}")
            await asyncio.to_thread(upgrade, "notification", urls["notification"])
            port, callback = processes.free_ports(2)
            env = {
                **stack.env,
                **settings,
                "PHANANH_NOTIFICATION_DATABASE_URL": urls["notification"],
                "PHANANH_NOTIFICATION_PORT": str(port),
                "PHANANH_NOTIFICATION_CALLBACK_PORT": str(callback),
                "PHANANH_SMS_RATE_PER_SECOND": "10000",  # the machine's limit, not the policy's
                "PHANANH_SMS_QUIET_HOURS": "",
            }
            log = data_dir / "logs" / f"notification-{provider}.log"
            process = start_notification(env, log)
            started.append(process)
            await wait_serving(port, process)
            profile = os.environ.get("PHANANH_BENCH_PROFILE")
            if profile:
                output = Path(profile).resolve() / f"notification-{provider}.txt"
                profiler = processes.start_profiler(process.pid, output)
            print(f"measuring events → SMS through the {provider} provider…", flush=True)
            phases.append(
                await through_notification(
                    f"event → SMS, {provider} provider",
                    env,
                    urls["notification"],
                    count,
                    concurrency,
                    timeout=300,
                )
            )
            print(f"measuring the queue → SMS through the {provider} provider…", flush=True)
            phases.append(
                await requeued(
                    f"queued → SMS, {provider} provider", urls["notification"], count, timeout=300
                )
            )
            if profile:
                processes.stop_profiler(profiler)
        return phases
    finally:
        for process in started:
            processes.stop(process)
        kannel.stop()
        smsc.stop()


def run(stack, data_dir: Path) -> list[Phase] | None:
    """Runs the phases on the bench's system; None when it has no embedded PostgreSQL."""
    if stack.postgres is None:
        print("sms bench: skipped (needs the embedded PostgreSQL)")
        return None
    count = int(os.environ.get("PHANANH_BENCH_SMS", "1000"))
    concurrency = int(os.environ.get("PHANANH_BENCH_CONCURRENCY", "32"))
    return asyncio.run(measure(stack, data_dir, count, concurrency))


def table(phases: list[Phase]) -> str:
    header = f"{'SMS benchmark':<44}{'messages':>9}{'msg/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
    return "\n".join([header, *(p.row() for p in phases)])


def write_results(phases: list[Phase]) -> dict:
    written = report.write_json(
        RESULTS_PATH,
        {
            "benchmark": "notification",
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": report.machine(),
            "phases": [asdict(p) for p in phases],
        },
    )
    print(f"results: {RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
    return written


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="phananh-bench-sms-"))
    stack = Stack(data_dir, env={"PHANANH_LOG_LEVEL": "WARNING", "PHANANH_DEMO": "0"})
    try:
        print(f"sms bench: preparing a database in {data_dir}…", flush=True)
        stack.prepare_databases()
        stack.prepare_keys()
        phases = run(stack, data_dir)
        print(table(phases))
        write_results(phases)
    finally:
        stack.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
