"""The reporting benchmarks, run by `make bench` after the foundation's, on the same system:

1. Queries over 1,000,000 complaints: the facts and their counters are generated with the
   projection's own rules (reporting.domain) and loaded with COPY straight into reporting's
   tables (not through events: that would take hours); then GetSummary and GetWeeklyReport are
   called one at a time, beside reporting's gRPC health check (the trivial baseline).
2. Events applied per second through DeliverEvent over gRPC, beside the same number of
   redeliveries (acknowledged by the inbox, no effect: the no-op DeliverEvent).

Settings: PHANANH_BENCH_REPORT_COMPLAINTS (1000000), PHANANH_BENCH_REPORT_QUERIES (300),
PHANANH_BENCH_REPORT_EVENTS (2000). `python -m tests.bench.reports` runs these alone, on a
system of their own."""

import asyncio
import json
import os
import random
import shutil
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import grpc
import uvloop
from grpc_health.v1 import health_pb2, health_pb2_grpc

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh_common.config import SERVICES
from phananh_common.database import asyncpg_dsn
from phananh_common.outbox import envelope_for
from phananh_common.stack import Stack
from phananh_common.units import units
from reporting.domain.facts import Fact, handling_units
from reporting.domain.figures import daily, open_stock, rolled_up
from reporting.store.projection import SUMMED_COUNTS, counts_by_row
from tests.bench import processes, report
from tests.bench.drain import province_token
from tests.bench.load import LoadResult
from tests.harness import stack_channel
from tests.integration.report_script import Complaint

GOAL_P99_MS = 50.0
FIRST_DAY = datetime(2021, 9, 1, tzinfo=UTC)
DAYS = 120
REASONS = ["PHOTO_UNREADABLE", "DOB_MISMATCH", "NAME_CONFLICT", "DOSE_MISMATCH", "OTHER"]
CATEGORIES = ["MISSING_DOSE", "WRONG_DOSE_INFO", "WRONG_PERSONAL_INFO", "SPLIT_RECORD", "OTHER"]
EVENT_CONCURRENCY = 16


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(f"PHANANH_BENCH_REPORT_{name}", default))


def synthetic_facts(count: int, seed: int = 2021):
    """Complaints over 120 days in the 11 districts of Đồng Nai: a third held by a commune's
    team; 70% resolved, 18% rejected, 2% duplicates, the rest open; processing time
    exponential around 60 h."""
    rng = random.Random(seed)
    districts = units().children("75")
    communes = {d.code: [c.code for c in units().children(d.code)] for d in districts}
    for _ in range(count):
        district = rng.choice(districts).code
        commune = rng.choice(communes[district])
        unit = commune if rng.random() < 0.33 else district
        submitted = FIRST_DAY + timedelta(seconds=rng.uniform(0, DAYS * 86400))
        due = submitted + timedelta(days=7)
        roll = rng.random()
        status = (
            "RESOLVED" if roll < 0.7 else "REJECTED" if roll < 0.88
            else "DUPLICATE" if roll < 0.9 else rng.choice(["ASSIGNED", "IN_REVIEW", "NEEDS_INFO"])
        )  # fmt: skip
        decided = (
            submitted + timedelta(hours=rng.expovariate(1 / 60))
            if status in ("RESOLVED", "REJECTED", "DUPLICATE")
            else None
        )
        reason = rng.choice(REASONS) if status == "REJECTED" else ""
        fact = Fact(submitted, rng.choice(CATEGORIES), unit, status, due, decided, reason)
        row = (
            uuid.uuid4(), fact.category, "75", district, commune, submitted, status, unit, 2,
            decided, reason or None, due, handling_units(unit),
        )  # fmt: skip
        yield fact, row


FACT_COLUMNS = [
    "complaint_id", "category", "province_code", "district_code", "commune_code",
    "submitted_at", "status", "unit_code", "case_version", "decided_at", "reason_code",
    "due_at", "handling_units",
]  # fmt: skip


async def _copy_adding(
    conn, table: str, columns: list[str], key: list[str], rows, adding: str = ""
) -> None:
    """COPY into a temporary table, then add to the counters the projection already holds
    (`adding`: the SET clause that does it; n + excluded.n unless given)."""
    await conn.execute(f"CREATE TEMP TABLE load_{table} (LIKE {table}) ON COMMIT DROP")
    await conn.copy_records_to_table(f"load_{table}", records=rows, columns=columns)
    await conn.execute(
        f"INSERT INTO {table} SELECT * FROM load_{table} ON CONFLICT ({', '.join(key)})"
        f" DO UPDATE SET {adding or f'n = {table}.n + excluded.n'}"
    )


async def load(database_url: str, count: int) -> float:
    started = time.perf_counter()
    facts, daily_counts, open_counts = [], Counter(), Counter()
    for fact, row in synthetic_facts(count):
        facts.append(row)
        daily_counts.update(daily(fact))
        open_counts.update(open_stock(fact))
    period_counts = counts_by_row(rolled_up(daily_counts))
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        async with conn.transaction():
            await conn.copy_records_to_table("complaint_facts", records=facts, columns=FACT_COLUMNS)
            await _copy_adding(
                conn, "period_counts", ["unit_code", "span", "first_day", "counts"],
                ["unit_code", "span", "first_day"],
                [(*k, json.dumps(counts)) for k, counts in period_counts.items()],
                f"counts = {SUMMED_COUNTS.text}",
            )  # fmt: skip
            await _copy_adding(
                conn, "open_counts", ["unit_code", "submitted_day", "due_day", "needs_info", "n"],
                ["unit_code", "submitted_day", "due_day", "needs_info"],
                [(*k, n) for k, n in open_counts.items()],
            )  # fmt: skip
        await conn.execute("VACUUM ANALYZE complaint_facts, period_counts, open_counts")
        print(
            f"  loaded {count:,} complaints with COPY into reporting's tables "
            f"({len(period_counts):,} counter rows per day, week, month and all time, "
            f"{len(open_counts):,} open counter rows) "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    finally:
        await conn.close()
    return time.perf_counter() - started


async def _timed(name: str, call, repetitions: int) -> LoadResult:
    result = LoadResult(name)
    for _ in range(3):
        await call()  # warm-up
    started = time.perf_counter()
    for _ in range(repetitions):
        begun = time.perf_counter()
        await call()
        result.latencies_ms.append((time.perf_counter() - begun) * 1000)
        result.sent += 1
    result.elapsed_s = time.perf_counter() - started
    return result


async def measure_queries(env: dict[str, str], token: str, repetitions: int) -> list[LoadResult]:
    week = {"from_date": {"year": 2021, "month": 10, "day": 1},
            "to_date": {"year": 2021, "month": 10, "day": 7}}  # fmt: skip
    # Neither whole weeks nor whole months: October, and weeks and days at either end.
    days = {"from_date": {"year": 2021, "month": 9, "day": 14},
            "to_date": {"year": 2021, "month": 11, "day": 23}}  # fmt: skip
    async with stack_channel(env, "reporting", token=token) as channel:
        api = reporting_pb2_grpc.ReportingServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        calls = {
            "health check (baseline)": lambda: health.Check(health_pb2.HealthCheckRequest()),
            "GetSummary province, all time": lambda: api.GetSummary(pb.GetSummaryRequest()),
            "GetSummary province, one week": lambda: api.GetSummary(pb.GetSummaryRequest(**week)),
            "GetSummary province, 14 Sep-23 Nov": lambda: api.GetSummary(
                pb.GetSummaryRequest(**days)
            ),
            "GetSummary district, all time": lambda: api.GetSummary(
                pb.GetSummaryRequest(unit_code="731")
            ),
            "GetWeeklyReport district": lambda: api.GetWeeklyReport(
                pb.GetWeeklyReportRequest(unit_code="731", week="2021-W40")
            ),
        }
        return [await _timed(name, call, repetitions) for name, call in calls.items()]


def _event_envelopes(count: int) -> list:
    envelopes = []
    for i in range(count // 2):
        complaint = Complaint("731", "25993", FIRST_DAY + timedelta(minutes=i))
        envelopes.append(envelope_for("intake", complaint.submitted()))
        envelopes.append(envelope_for("resolution", complaint.case("ASSIGNED", "731", FIRST_DAY)))
    return envelopes


async def _deliver_all(name: str, stubs: dict, envelopes: list) -> LoadResult:
    """Each envelope delivered by its producer's stub (`stubs` by producer)."""
    result = LoadResult(name)
    queue = list(reversed(envelopes))

    async def worker():
        while queue:
            envelope = queue.pop()
            request = envelope_pb2.DeliverEventRequest(event=envelope)
            begun = time.perf_counter()
            result.sent += 1
            try:
                await stubs[envelope.producer].DeliverEvent(request, timeout=10)
            except grpc.aio.AioRpcError as error:
                result.statuses[error.code().name] += 1
                continue
            result.latencies_ms.append((time.perf_counter() - begun) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(EVENT_CONCURRENCY)))
    result.elapsed_s = time.perf_counter() - started
    return result


async def measure_events(env: dict[str, str], count: int) -> list[LoadResult]:
    envelopes = _event_envelopes(count)
    async with (
        stack_channel(env, "reporting", "intake") as from_intake,
        stack_channel(env, "reporting", "resolution") as from_resolution,
    ):
        stubs = {
            "intake": envelope_pb2_grpc.EventConsumerServiceStub(from_intake),
            "resolution": envelope_pb2_grpc.EventConsumerServiceStub(from_resolution),
        }
        applied = await _deliver_all("DeliverEvent, applied", stubs, envelopes)
        again = await _deliver_all("DeliverEvent, redelivered (no-op)", stubs, envelopes)
    return [again, applied]


def table(results: list[LoadResult], unit: str) -> str:
    lines = [f"{'benchmark':<40}{'calls':>7}{'errors':>8}{unit:>10}{'p50 ms':>9}{'p99 ms':>9}"]
    for r in results:
        lines.append(
            f"{r.name:<40}{r.sent:>7}{r.errors:>8}{r.per_second:>10.1f}"
            f"{r.percentile(0.5):>9.2f}{r.percentile(0.99):>9.2f}"
        )
    return "\n".join(lines)


async def measure(env: dict[str, str]) -> dict:
    """On the system of `Stack` whose environment is `env`."""
    complaints = _setting("COMPLAINTS", 1_000_000)
    print(f"\nreporting: loading {complaints:,} complaints…", flush=True)
    load_seconds = await load(env["PHANANH_REPORTING_DATABASE_URL"], complaints)
    print("reporting: timing the queries, one call at a time…", flush=True)
    queries = await measure_queries(env, province_token(env), _setting("QUERIES", 300))
    print("reporting: applying events through DeliverEvent…", flush=True)
    events = await measure_events(env, _setting("EVENTS", 2000))
    return {"complaints": complaints, "load_s": load_seconds, "queries": queries, "events": events}


def show(results: dict) -> None:
    print(f"\nreporting over {results['complaints']:,} complaints (loaded with COPY, not events)")
    print(table(results["queries"], "calls/s"))
    worst = max(r.percentile(0.99) for r in results["queries"][1:])
    verdict = "meets" if worst < GOAL_P99_MS else "MISSES"
    print(f"slowest report p99 {worst:.1f} ms: {verdict} the {GOAL_P99_MS:.0f} ms goal")
    print(f"\nevents through DeliverEvent over gRPC, {EVENT_CONCURRENCY} at a time")
    print(table(results["events"], "events/s"))


def summary(results: dict) -> dict:
    return {
        "complaints": results["complaints"],
        "load_seconds": round(results["load_s"], 1),
        "queries": [{"name": r.name, **r.summary()} for r in results["queries"]],
        "events": [{"name": r.name, **r.summary()} for r in results["events"]],
    }


def main() -> None:
    """`python -m tests.bench.reports`: only this benchmark, on a system of its own."""
    data_dir = Path(tempfile.mkdtemp(prefix="phananh-bench-reports-"))
    http, *grpc_ports = processes.free_ports(1 + len(SERVICES))
    env = {f"PHANANH_{s.upper()}_PORT": str(p) for s, p in zip(SERVICES, grpc_ports, strict=True)}
    env |= {"PHANANH_HTTP_PORT": str(http), "PHANANH_LOG_LEVEL": "WARNING"}
    stack = Stack(data_dir, env=env)
    try:
        stack.start()
        results = uvloop.run(measure(stack.env))
        report.write_json(processes.REPO_ROOT / "bench-results" / "reports.json", summary(results))
        show(results)
    finally:
        stack.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
