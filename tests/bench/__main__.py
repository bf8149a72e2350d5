"""`make bench`: starts the whole system as `make run` does (fresh data folder, free ports)
plus a no-op gateway, and drives both with wrk for the same time over the same connections
(tests/bench/submissions.py): the hop's answers a second, and the submissions' as a burst
(201s a second while wrk runs) and sustained (until every event reached every consumer), with
each process's CPU a submission and peak RSS; written to bench-results/foundation.json. Then
the whole system under a mixed load beside raw PostgreSQL inserts (tests/bench/system.py),
written to bench-results/load.json; notification and reporting. Then, with the system
stopped, the backlog import beside a raw COPY and its floor (tests/bench/backlog.py), written
to bench-results/backlog.json, and resolution's registry import and queries. Every part's
results together: bench-results/latest.json.

Settings: PHANANH_BENCH_WRK_SECONDS (15, each of the hop and the submissions),
PHANANH_BENCH_CONCURRENCY (32, wrk's connections), PHANANH_BENCH_DRAIN_SECONDS (180),
PHANANH_BENCH_SEED (2021), PHANANH_BENCH_BACKLOG_ROWS (118933; 0 skips it),
PHANANH_BENCH_REGISTRY_CITIZENS (1000000; 0 skips resolution's benchmark,
tests/bench/resolution.py) and PHANANH_BENCH_OPEN_CASES (200000); the mixed load's in
tests/bench/system.py."""

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
from tests.bench import (
    backlog,
    processes,
    report,
    reports,
    resolution,
    sms,
    submissions,
    system,
)
from tests.bench.drain import officer_token, province_token
from tests.factories import ADDRESS

RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "foundation.json"
BACKLOG_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "backlog.json"
REPORTS_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "reports.json"
RESOLUTION_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "resolution.json"
LOAD_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "load.json"
LATEST_RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "latest.json"


@dataclass(frozen=True)
class Settings:
    wrk_seconds: float
    concurrency: int
    drain_seconds: float
    seed: int
    backlog_rows: int
    registry_citizens: int
    open_cases: int

    @classmethod
    def from_env(cls) -> "Settings":
        def number(name: str, default: str, kind=int):
            value = kind(os.environ.get(f"PHANANH_BENCH_{name}", default))
            if value < 0 or (value == 0 and name != "SEED"):
                sys.exit(f"bench: PHANANH_BENCH_{name} must be positive")
            return value

        return cls(
            wrk_seconds=number("WRK_SECONDS", "15", float),
            concurrency=number("CONCURRENCY", "32"),
            drain_seconds=number("DRAIN_SECONDS", "180", float),
            seed=number("SEED", "2021"),
            backlog_rows=int(os.environ.get("PHANANH_BENCH_BACKLOG_ROWS", "118933")),
            registry_citizens=int(os.environ.get("PHANANH_BENCH_REGISTRY_CITIZENS", "1000000")),
            # The queue and the case detail are measured on these: at least one.
            open_cases=number("OPEN_CASES", "200000"),
        )


async def measure(settings: Settings, api_url: str, noop_url: str, stack: Stack) -> dict:
    s = settings
    figures = await submissions.measure(
        stack,
        api_url,
        noop_url,
        seconds=s.wrk_seconds,
        connections=s.concurrency,
        drain_seconds=s.drain_seconds,
        seed=s.seed,
        folder=stack.data_dir,
    )
    urls = {name: stack.env[f"PHANANH_{name.upper()}_DATABASE_URL"] for name in SERVICES}
    mix = system.Mix.from_env()
    print(f"measuring raw PostgreSQL inserts, {mix.citizens} at a time…", flush=True)
    raw = await system.raw_inserts(stack.postgres.admin_url, min(mix.seconds, 20), mix.citizens)
    print(f"measuring the whole system under a mixed load for {mix.seconds:.0f} s…", flush=True)
    tokens = {
        "district": officer_token(stack.env, "DISTRICT_OFFICER", ADDRESS["district_code"]),
        "province": province_token(stack.env),
    }
    mixed, usage, elapsed = await system.mixed_load(api_url, stack, mix, tokens, s.seed + 1)
    # What the load leaves behind is settled before the next part measures.
    await submissions.drained(stack, s.drain_seconds)
    mixed[system.APPROVAL_TO_SMS] = await system.approval_to_sms(urls, elapsed)
    print(f"measuring approvals one at a time for {mix.paced_seconds:.0f} s…", flush=True)
    mixed[system.PACED_APPROVAL_TO_SMS] = await system.paced_approvals(
        api_url, tokens["district"], urls, mix.paced_seconds
    )
    return {"submissions": figures, "load": (mix, mixed, [figures.hop, raw], usage)}


def main() -> None:
    settings = Settings.from_env()
    data_dir = Path(tempfile.mkdtemp(prefix="phananh-bench-"))
    stack, noop = processes.bench_stack(data_dir)
    noop_process = None
    finished = stopped = False
    parts: dict[str, dict] = {}
    try:
        print(f"bench: starting the system in {data_dir}…", flush=True)
        noop_process, noop_url = processes.start_with_noop(stack, noop)
        results = uvloop.run(measure(settings, stack.base_url, noop_url, stack))
        figures = results["submissions"]
        parts["foundation"] = report.write_json(
            RESULTS_PATH,
            {
                "benchmark": "foundation",
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": report.machine(),
                "settings": asdict(settings),
                **submissions.as_json(figures),
            },
        )
        print()
        print(submissions.table(figures))
        print(f"results: {RESULTS_PATH.relative_to(processes.REPO_ROOT)}")
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
