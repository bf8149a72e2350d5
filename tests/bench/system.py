"""`make bench`, the whole system under a mixed load through the gateway, bounded in time and
in concurrency: citizens submitting complaints, district officers each listing their queue,
opening a case and approving it, province officers polling the dashboard. Per endpoint:
requests, errors, throughput, p50/p99 latency; per process: CPU seconds and peak RSS. Beside
it, the baselines of the same run: the no-op gateway → gRPC hop (measured before, with the
submissions) and raw PostgreSQL inserts, one row per transaction, as many at a time as the
citizens.

Settings: PHANANH_BENCH_LOAD_SECONDS (60), PHANANH_BENCH_CITIZENS (16),
PHANANH_BENCH_OFFICERS (4), PHANANH_BENCH_DASHBOARDS (2, each polling every second);
then, with no other load, one officer approving a case every half second for
PHANANH_BENCH_PACED_SECONDS (30), each approval timed to its SMS;
PHANANH_BENCH_PROFILE=DIR records every process of the system during the load with py-spy,
as collapsed stacks (flame graph input) in DIR/<process>.txt."""

import asyncio
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from phananh_common.stack import PROCESSES, Stack
from tests.bench import processes
from tests.bench.load import LoadResult, http_client, timed_request
from tests.factories import ADDRESS, Complaints

SUBMIT = "POST /api/v1/complaints"
QUEUE = "GET /api/v1/cases"
DETAIL = "GET /api/v1/cases/{id}"
APPROVE = "POST /api/v1/cases/{id}/approve"
DASHBOARD = "GET /api/v1/reports/dashboard"
ENDPOINTS = (SUBMIT, QUEUE, DETAIL, APPROVE, DASHBOARD)
RAW_INSERTS = "raw PostgreSQL INSERT (baseline)"
APPROVAL_TO_SMS = "approval → its SMS accepted"
PACED_APPROVAL_TO_SMS = "approval → SMS, paced, no other load"
PACED_APPROVAL_PAUSE_S = 0.5
SMS_WAIT_S = 60.0
DASHBOARD_PAUSE_S = 1.0
EMPTY_QUEUE_PAUSE_S = 0.5
QUEUE_PAGE = 50


@dataclass(frozen=True)
class Mix:
    seconds: float
    citizens: int
    officers: int
    dashboards: int
    paced_seconds: float

    @classmethod
    def from_env(cls) -> "Mix":
        def setting(name: str, default: str, kind=int):
            return kind(os.environ.get(f"PHANANH_BENCH_{name}", default))

        return cls(
            seconds=setting("LOAD_SECONDS", "60", float),
            citizens=setting("CITIZENS", "16"),
            officers=setting("OFFICERS", "4"),
            dashboards=setting("DASHBOARDS", "2"),
            paced_seconds=setting("PACED_SECONDS", "30", float),
        )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _citizen(client, results, bodies, stop_at: float) -> None:
    while time.perf_counter() < stop_at:
        await timed_request(
            client, results[SUBMIT], "POST", "/api/v1/complaints", json=next(bodies)
        )


async def _officer(
    client, results, token: str, share: int, officers: int, stop_at: float, pause_s: float = 0.0
) -> None:
    """Works through the queue of its district: of each page, the cases that fall to its share
    (so that officers of one district do not decide the same case), oldest deadline first;
    `pause_s` after each approval."""
    headers = _bearer(token)
    while time.perf_counter() < stop_at:
        page = await timed_request(
            client, results[QUEUE], "GET", "/api/v1/cases",
            params={"status": "ASSIGNED", "page_size": QUEUE_PAGE}, headers=headers,
        )  # fmt: skip
        cases = page.json()["cases"] if page is not None and page.status_code == 200 else []
        mine = [c for c in cases if uuid.UUID(c["case_id"]).int % officers == share]
        if not mine:
            await asyncio.sleep(EMPTY_QUEUE_PAUSE_S)
            continue
        case = mine[0]
        path = f"/api/v1/cases/{case['case_id']}"
        await timed_request(client, results[DETAIL], "GET", path, headers=headers)
        await timed_request(
            client, results[APPROVE], "POST", f"{path}/approve", headers=headers,
            json={"corrections": [{"op": "CREATE_RECORD"}], "expected_version": case["version"],
                  "note": "bench"},
        )  # fmt: skip
        await asyncio.sleep(pause_s)


async def _dashboard(client, results, token: str, stop_at: float) -> None:
    headers = _bearer(token)
    while time.perf_counter() < stop_at:
        await timed_request(
            client, results[DASHBOARD], "GET", "/api/v1/reports/dashboard", headers=headers
        )
        await asyncio.sleep(DASHBOARD_PAUSE_S)


def usage_groups(stack: Stack) -> dict[str, list[int]]:
    """Each process of the system, and PostgreSQL with its backends as one."""
    groups = {name: [stack.processes[name].pid] for name in PROCESSES}
    pid_file = stack.data_dir / "postgres" / "postmaster.pid"
    if pid_file.exists():
        postmaster = int(pid_file.read_text().split()[0])
        groups["postgres"] = [postmaster, *processes.children_of(postmaster)]
    return groups


def start_profilers(stack: Stack, prefix: str = "") -> list:
    """With PHANANH_BENCH_PROFILE=DIR, py-spy on every process of the system, each into
    DIR/<prefix><process>.txt; otherwise none."""
    folder = os.environ.get("PHANANH_BENCH_PROFILE")
    return [
        processes.start_profiler(
            stack.processes[name].pid, Path(folder).resolve() / f"{prefix}{name}.txt"
        )
        for name in (PROCESSES if folder else ())
    ]


async def stop_profilers(profilers: list) -> None:
    for profiler in profilers:
        await asyncio.to_thread(processes.stop_profiler, profiler)


async def mixed_load(
    api_url: str, stack: Stack, mix: Mix, tokens: dict[str, str], seed: int
) -> tuple[dict[str, LoadResult], dict[str, dict], float]:
    """(results per endpoint, usage per process, seconds): `tokens` holds "district" (the
    officers') and "province" (the dashboard's)."""
    results = {name: LoadResult(name) for name in ENDPOINTS}
    bodies = iter(Complaints(seed + 1).json, None)  # endless, each a new person
    workers = mix.citizens + mix.officers + mix.dashboards
    sampler = processes.UsageSampler(usage_groups(stack))
    profilers = start_profilers(stack)
    async with http_client(api_url, workers) as client:
        sampler.start()
        started = time.perf_counter()
        stop_at = started + mix.seconds
        district, province = tokens["district"], tokens["province"]
        await asyncio.gather(
            *(_citizen(client, results, bodies, stop_at) for _ in range(mix.citizens)),
            *(
                _officer(client, results, district, i, mix.officers, stop_at)
                for i in range(mix.officers)
            ),
            *(_dashboard(client, results, province, stop_at) for _ in range(mix.dashboards)),
        )
        elapsed = time.perf_counter() - started
    usage = await sampler.stop(usage_groups(stack))
    await stop_profilers(profilers)
    for result in results.values():
        result.elapsed_s = elapsed
    return results, usage, elapsed


async def _approvals_and_their_sms(
    database_urls: dict[str, str], elapsed_s: float, since: datetime | None, name: str
) -> LoadResult:
    resolution, notification = [
        await asyncpg.connect(database_urls[s].replace("+asyncpg", ""))
        for s in ("resolution", "notification")
    ]
    try:
        approved = dict(
            await resolution.fetch(
                "SELECT c.complaint_id::text, h.at FROM case_history h JOIN cases c"
                " USING (case_id) WHERE h.action = 'RESOLVED' AND h.at >= $1",
                since or datetime.min.replace(tzinfo=UTC),
            )
        )
        sent = await notification.fetch(
            "SELECT complaint_id, sent_at FROM messages"
            " WHERE kind = 'RESOLVED' AND sent_at IS NOT NULL"
        )
    finally:
        await resolution.close()
        await notification.close()
    result = LoadResult(name, sent=len(approved), elapsed_s=elapsed_s)
    result.latencies_ms = [
        (sent_at - approved[complaint]).total_seconds() * 1000
        for complaint, sent_at in sent
        if complaint in approved
    ]
    return result


async def approval_to_sms(
    database_urls: dict[str, str],
    elapsed_s: float,
    since: datetime | None = None,
    name: str = APPROVAL_TO_SMS,
) -> LoadResult:
    """From each approval (its entry in the case's history, in resolution; those from `since`
    on) to the citizen's result SMS accepted by the provider (in notification), once the
    events are delivered, the SMS of the last approvals waited for (a minute at most): the
    latency of the order's promise. An approval without its SMS counts as an error."""
    waited_until = time.perf_counter() + SMS_WAIT_S
    while True:
        result = await _approvals_and_their_sms(database_urls, elapsed_s, since, name)
        if not result.errors or time.perf_counter() > waited_until:
            return result
        await asyncio.sleep(0.5)


async def paced_approvals(
    api_url: str, token: str, database_urls: dict[str, str], seconds: float
) -> LoadResult:
    """One officer approving a case every PACED_APPROVAL_PAUSE_S for `seconds` while nothing
    else loads the system, then each approval to its SMS: the latency a citizen sees when the
    system is not saturated."""
    since = datetime.now(UTC)
    results = {name: LoadResult(name) for name in ENDPOINTS}
    async with http_client(api_url, 1) as client:
        stop_at = time.perf_counter() + seconds
        await _officer(client, results, token, 0, 1, stop_at, PACED_APPROVAL_PAUSE_S)
    return await approval_to_sms(database_urls, seconds, since, PACED_APPROVAL_TO_SMS)


async def raw_inserts(admin_url: str, seconds: float, concurrency: int) -> LoadResult:
    """PostgreSQL alone: complaint-sized rows (a key, 600 bytes, a time), one INSERT and one
    commit each, `concurrency` connections at a time, for `seconds`."""
    result = LoadResult(RAW_INSERTS)
    setup = await asyncpg.connect(admin_url)
    try:
        await setup.execute(
            "DROP TABLE IF EXISTS bench_raw_inserts;"
            " CREATE TABLE bench_raw_inserts (id uuid PRIMARY KEY, body bytea, at timestamptz)"
        )
    finally:
        await setup.close()
    body = os.urandom(600)
    async with asyncpg.create_pool(admin_url, min_size=concurrency, max_size=concurrency) as pool:

        async def inserter(stop_at: float) -> None:
            while time.perf_counter() < stop_at:
                begun = time.perf_counter()
                await pool.execute(
                    "INSERT INTO bench_raw_inserts VALUES ($1, $2, now())", uuid.uuid4(), body
                )
                result.latencies_ms.append((time.perf_counter() - begun) * 1000)
                result.sent += 1
                result.statuses[200] += 1

        started = time.perf_counter()
        await asyncio.gather(*(inserter(started + seconds) for _ in range(concurrency)))
        result.elapsed_s = time.perf_counter() - started
    return result


HEADER = f"{'endpoint':<38}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"


def _row(r: LoadResult) -> str:
    return (
        f"{r.name:<38}{r.sent:>9}{r.errors:>8}{r.per_second:>9.1f}"
        f"{r.percentile(0.5):>9.1f}{r.percentile(0.99):>9.1f}"
    )


def table(
    mix: Mix, results: dict[str, LoadResult], baselines: list[LoadResult], usage: dict
) -> str:
    mib = 1024 * 1024
    lines = [
        f"the whole system for {mix.seconds:.0f} s: {mix.citizens} citizens, {mix.officers} "
        f"officers of district {ADDRESS['district_code']}, {mix.dashboards} dashboards",
        HEADER,
        *(_row(r) for r in results.values()),
        *(_row(b) for b in baselines),
        "",
        f"{'process':<16}{'CPU s':>8}{'CPU %':>8}{'peak RSS MiB':>14}",
    ]
    seconds = next(iter(results.values())).elapsed_s or 1.0
    for name, used in usage.items():
        # PostgreSQL's backends share their memory: a sum of their RSS would mean nothing.
        rss = "" if name == "postgres" else f"{used['peak_rss_bytes'] / mib:.0f}"
        lines.append(
            f"{name:<16}{used['cpu_s']:>8.1f}{100 * used['cpu_s'] / seconds:>8.0f}{rss:>14}"
        )
    return "\n".join(lines)


def as_json(mix: Mix, results: dict, baselines: list[LoadResult], usage: dict) -> dict:
    return {
        "mix": mix.__dict__,
        "endpoints": [{"name": r.name, **r.summary()} for r in results.values()],
        "baselines": [{"name": b.name, **b.summary()} for b in baselines],
        "processes": usage,
    }
