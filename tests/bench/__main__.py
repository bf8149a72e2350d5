"""`make bench`: starts the whole system as `make run` does (fresh data folder, free ports)
plus a no-op gateway, loads both with the same request count and concurrency, prints the
table and writes bench-results/foundation.json. The submissions run twice: as they are, and
with the services that consume their events (resolution, notification, reporting) at the
lowest CPU priority, which on a machine of few cores shows what the submission path itself
does when those services have CPUs of their own, as in a deployment. Then the whole system
under a mixed load beside raw PostgreSQL inserts (tests/bench/system.py), written to
bench-results/load.json. Then, with the system stopped, the backlog import beside a raw COPY
and its floor (tests/bench/backlog.py), written to bench-results/backlog.json. Every part's
results together: bench-results/latest.json.

Settings: PHANANH_BENCH_REQUESTS (2000), PHANANH_BENCH_WARMUP (100),
PHANANH_BENCH_CONCURRENCY (32), PHANANH_BENCH_SECONDS (120, per phase),
PHANANH_BENCH_DRAIN_SECONDS (180), PHANANH_BENCH_SEED (2021), PHANANH_BENCH_BACKLOG_ROWS
(118933; 0 skips it), PHANANH_BENCH_REGISTRY_CITIZENS (1000000; 0 skips resolution's
benchmark, tests/bench/resolution.py), PHANANH_BENCH_OPEN_CASES (200000) and
PHANANH_BENCH_EVIDENCE_IMAGES (60; 0 skips the evidence checks, tests/bench/evidence.py); the
mixed load's in tests/bench/system.py."""

import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import uvloop

from phananh_common.config import SERVICES
from phananh_common.stack import Stack
from tests.bench import backlog, evidence, processes, report, reports, resolution, sms, system
from tests.bench.drain import (
    Drain,
    officer_token,
    province_token,
    reporting_received,
    wait_drained,
)
from tests.bench.load import LoadResult, http_client, run_load
from tests.bench.noop_gateway import NOOP_PATH
from tests.factories import ADDRESS, Complaints

SUBMIT_PATH = "/api/v1/complaints"
EVENT_CONSUMERS = ("resolution", "notification", "reporting")
RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "foundation.json"
BACKLOG_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "backlog.json"
REPORTS_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "reports.json"
RESOLUTION_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "resolution.json"
LOAD_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "load.json"
LATEST_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "latest.json"


@dataclass(frozen=True)
class Settings:
    requests: int
    warmup: int
    concurrency: int
    phase_seconds: float
    drain_seconds: float
    seed: int
    backlog_rows: int
    registry_citizens: int
    open_cases: int
    evidence_images: int

    @classmethod
    def from_env(cls) -> "Settings":
        def number(name: str, default: str, kind=int):
            value = kind(os.environ.get(f"PHANANH_BENCH_{name}", default))
            if value < 0 or (value == 0 and name not in ("WARMUP", "SEED")):
                sys.exit(f"bench: PHANANH_BENCH_{name} must be positive")
            return value

        return cls(
            requests=number("REQUESTS", "2000"),
            warmup=number("WARMUP", "100"),
            concurrency=number("CONCURRENCY", "32"),
            phase_seconds=number("SECONDS", "120", float),
            drain_seconds=number("DRAIN_SECONDS", "180", float),
            seed=number("SEED", "2021"),
            backlog_rows=int(os.environ.get("PHANANH_BENCH_BACKLOG_ROWS", "118933")),
            registry_citizens=int(os.environ.get("PHANANH_BENCH_REGISTRY_CITIZENS", "1000000")),
            # The queue and the case detail are measured on these: at least one.
            open_cases=number("OPEN_CASES", "200000"),
            evidence_images=int(os.environ.get("PHANANH_BENCH_EVIDENCE_IMAGES", "60")),
        )


async def measure(settings: Settings, api_url: str, noop_url: str, stack: Stack) -> dict:
    s = settings
    bodies = Complaints(s.seed)
    received_before = await reporting_received(stack.env)

    # The baseline first, while no events are in flight from the submissions.
    async with http_client(noop_url, s.concurrency) as client:
        await run_load(client, "warm-up", "GET", NOOP_PATH, [None] * s.warmup, s.concurrency, 60)
        print("measuring the no-op gateway → gRPC baseline…", flush=True)
        baseline = await run_load(
            client,
            "no-op gateway → gRPC (baseline)",
            "GET",
            NOOP_PATH,
            [None] * s.requests,
            s.concurrency,
            s.phase_seconds,
        )

    async with http_client(api_url, s.concurrency) as client:
        warm = await run_load(
            client, "warm-up", "POST", SUBMIT_PATH, bodies.take(s.warmup), s.concurrency, 60
        )
        print("measuring POST /api/v1/complaints…", flush=True)
        submit = await run_load(
            client,
            f"POST {SUBMIT_PATH}",
            "POST",
            SUBMIT_PATH,
            bodies.take(s.requests),
            s.concurrency,
            s.phase_seconds,
        )

    # Only a 201 is a new complaint (a 200 is a deduplicated one): each makes one event.
    created = warm.statuses[201] + submit.statuses[201]
    print("waiting for the events to reach every consumer…", flush=True)
    urls = {name: stack.env[f"PHANANH_{name.upper()}_DATABASE_URL"] for name in SERVICES}
    databases = list(urls.values())
    drain = await wait_drained(stack.env, databases, received_before + created, s.drain_seconds)

    received_before = await reporting_received(stack.env)
    print("measuring POST /api/v1/complaints, the consumers at nice 19…", flush=True)
    with processes.lowest_priority([stack.processes[name].pid for name in EVENT_CONSUMERS]):
        async with http_client(api_url, s.concurrency) as client:
            submit_aside = await run_load(
                client,
                "  the same, consumers at nice 19",
                "POST",
                SUBMIT_PATH,
                bodies.take(s.requests),
                s.concurrency,
                s.phase_seconds,
            )
    drain_aside = await wait_drained(
        stack.env,
        databases,
        received_before + submit_aside.statuses[201],
        s.drain_seconds,
    )

    mix = system.Mix.from_env()
    print(f"measuring raw PostgreSQL inserts, {mix.citizens} at a time…", flush=True)
    raw = await system.raw_inserts(stack.postgres.admin_url, min(mix.seconds, 20), mix.citizens)
    print(f"measuring the whole system under a mixed load for {mix.seconds:.0f} s…", flush=True)
    tokens = {
        "district": officer_token(stack.env, "DISTRICT_OFFICER", ADDRESS["district_code"]),
        "province": province_token(stack.env),
    }
    mixed, usage, elapsed = await system.mixed_load(api_url, stack, mix, tokens, s.seed)
    # What the load leaves behind is settled before the next part measures.
    received = await reporting_received(stack.env)
    await wait_drained(stack.env, databases, received, s.drain_seconds)
    mixed[system.APPROVAL_TO_SMS] = await system.approval_to_sms(urls, elapsed)
    print(f"measuring approvals one at a time for {mix.paced_seconds:.0f} s…", flush=True)
    mixed[system.PACED_APPROVAL_TO_SMS] = await system.paced_approvals(
        api_url, tokens["district"], urls, mix.paced_seconds
    )
    return {
        "baseline": baseline,
        "submit": submit,
        "drain": drain,
        "submit_aside": submit_aside,
        "drain_aside": drain_aside,
        "load": (mix, mixed, [baseline, raw], usage),
    }


def show(baseline: LoadResult, submissions: list[tuple[LoadResult, Drain]]) -> None:
    print()
    print(report.table(baseline, [submit for submit, _ in submissions]))
    for result in (baseline, *(submit for submit, _ in submissions)):
        if result.errors or result.stopped_by_time:
            print(f"  {result.name}: statuses {dict(result.statuses)}", end="")
            print(", stopped by the time limit" if result.stopped_by_time else "")
    print()
    for submit, drain in submissions:
        if drain.drained:
            print(f"{submit.name.strip()}: events drained {drain.seconds:.2f} s after the last")
        else:
            print(
                f"{submit.name.strip()}: events NOT drained after {drain.seconds:.0f} s: "
                f"reporting received {drain.received} of {drain.expected_received}, "
                f"{drain.pending_deliveries} outbox deliveries pending"
            )
    print(f"results: {RESULTS_PATH.relative_to(processes.REPO_ROOT)}")


def main() -> None:
    settings = Settings.from_env()
    data_dir = Path(tempfile.mkdtemp(prefix="phananh-bench-"))
    http, noop, *grpc_ports = processes.free_ports(2 + len(SERVICES))
    env = {
        f"PHANANH_{name.upper()}_PORT": str(p) for name, p in zip(SERVICES, grpc_ports, strict=True)
    }
    env |= {
        "PHANANH_HTTP_PORT": str(http),
        "PHANANH_LOG_LEVEL": "WARNING",
        "PHANANH_SMS_QUIET_HOURS": "",  # approvals' SMS leave at any hour of the run
        # Every simulated citizen sends from 127.0.0.1: one address, thousands of complaints.
        "PHANANH_SUBMISSIONS_PER_ADDRESS": "1000000",
        "PHANANH_ADDITIONS_PER_ADDRESS": "1000000",
    }
    stack = Stack(data_dir, env=env)
    noop_process = None
    finished = stopped = False
    parts: dict[str, dict] = {}
    try:
        print(f"bench: starting the system in {data_dir}…", flush=True)
        stack.start(timeout=180)  # a busy machine starts processes slowly
        noop_process = processes.start_noop_gateway(
            {**stack.env, "PHANANH_HTTP_PORT": str(noop)}, data_dir / "logs" / "noop.log"
        )
        noop_url = f"http://127.0.0.1:{noop}"
        processes.wait_answering(noop_url + NOOP_PATH, noop_process)
        results = uvloop.run(measure(settings, f"http://127.0.0.1:{http}", noop_url, stack))
        baseline, submit, drain = results["baseline"], results["submit"], results["drain"]
        submit_aside, drain_aside = results["submit_aside"], results["drain_aside"]
        parts["foundation"] = report.write_json(
            RESULTS_PATH,
            {
                "benchmark": "foundation",
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": report.machine(),
                "settings": asdict(settings),
                "baseline": {"name": baseline.name, **baseline.summary()},
                "submit": {"name": submit.name, **submit.summary()},
                "ratio_submit_to_noop": report.ratios(submit, baseline),
                "drain": asdict(drain),
                "submit_consumers_aside": {
                    "name": submit_aside.name.strip(),
                    **submit_aside.summary(),
                },
                "ratio_submit_consumers_aside_to_noop": report.ratios(submit_aside, baseline),
                "drain_consumers_aside": asdict(drain_aside),
            },
        )
        show(baseline, [(submit, drain), (submit_aside, drain_aside)])
        mix, mixed, load_baselines, usage = results["load"]
        parts["load"] = report.write_json(
            LOAD_RESULTS_PATH,
            {"benchmark": "load", **system.as_json(mix, mixed, load_baselines, usage)},
        )
        print()
        print(system.table(mix, mixed, load_baselines, usage))
        print(f"results: {LOAD_RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
        sms_phases = sms.run(stack, data_dir)
        if sms_phases:
            print()
            print(sms.table(sms_phases))
            parts["notification"] = sms.write_results(sms_phases)
        report_results = uvloop.run(reports.measure(stack.env))
        parts["reports"] = report.write_json(REPORTS_RESULTS_PATH, reports.summary(report_results))
        reports.show(report_results)
        # The import runs alone: the system's relays would compete for the CPU.
        processes.stop(noop_process)
        stack.stop()
        stopped = True
        if settings.backlog_rows > 0:
            print(f"\nbench: backlog import of {settings.backlog_rows} rows…", flush=True)
            imported = backlog.measure_backlog(data_dir, settings.backlog_rows, settings.seed)
            parts["backlog"] = report.write_json(
                BACKLOG_RESULTS_PATH, {"benchmark": "backlog", **backlog.as_json(imported)}
            )
            print()
            print(backlog.table(imported))
            print(f"results: {BACKLOG_RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
        if settings.registry_citizens > 0:
            print(f"\nbench: resolution, {settings.registry_citizens} citizens…", flush=True)
            measured = resolution.measure_resolution(
                data_dir, settings.registry_citizens, settings.open_cases, settings.seed
            )
            parts["resolution"] = report.write_json(
                RESOLUTION_RESULTS_PATH, {"benchmark": "resolution", **resolution.as_json(measured)}
            )
            print()
            print(resolution.table(measured))
            print(f"results: {RESOLUTION_RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
        if settings.evidence_images > 0:
            print(f"\nbench: evidence checks on {settings.evidence_images} papers…", flush=True)
            checked = evidence.measure_evidence(settings.evidence_images, settings.seed)
            parts["evidence"] = report.write_json(evidence.RESULTS_PATH, evidence.as_json(checked))
            print()
            print(evidence.table(checked))
            print(f"results: {evidence.RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
        finished = True
    finally:
        if parts:
            report.write_json(
                LATEST_RESULTS_PATH,
                {
                    "at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": report.machine(),
                    "complete": finished,
                    **parts,
                },
            )
            print(f"\nall results: {LATEST_RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
        if noop_process is not None:
            processes.stop(noop_process)
        if not stopped:
            stack.stop()
        if finished:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"bench: failed; logs kept in {data_dir / 'logs'}", file=sys.stderr)


if __name__ == "__main__":
    main()
