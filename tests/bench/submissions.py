"""The submissions beside the no-op gateway → gRPC hop, both driven by wrk with the same
connections for the same time, each measured after the system has drained:

- burst: the 201s (new complaints) a second while wrk runs;
- sustained: those 201s divided by the time from wrk's start until every one is counted by
  reporting and no outbox holds a delivery undone (every event applied by every consumer).

Beside them the CPU each process spent a submission over that time (less what it spends idle,
measured just before), and its peak RSS.
PHANANH_BENCH_PROFILE=DIR samples every process with py-spy over that time too, into
DIR/submissions-<process>.txt. `python -m tests.bench.submissions [SECONDS]` runs this part
alone, on a system of its own."""

import asyncio
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import uvloop

from phananh_common.config import SERVICES
from phananh_common.stack import Stack
from tests.bench import processes, system, wrk
from tests.bench.drain import Drain, reporting_received, wait_drained
from tests.bench.noop_gateway import NOOP_PATH
from tests.factories import Complaints

SUBMIT_PATH = "/api/v1/complaints"
# Goals, as ratios to the hop of the same run.
BURST_GOAL, SUSTAINED_GOAL = 0.3, 0.15
WARMUP_SECONDS = 3
# Bodies enough for this many new complaints a second: the file must outlast the run.
MOST_PER_SECOND = 800
# What the processes spend idle (polls, timers) is measured this long before the
# submissions, and taken out of their CPU a submission.
IDLE_SECONDS = 5.0


@dataclass
class SubmissionFigures:
    hop: wrk.WrkResult
    submit: wrk.WrkResult
    drain: Drain
    # From wrk's start until drained.
    sustained_s: float
    # {process: {"cpu_s", "peak_rss_bytes"}} from wrk's start until drained.
    usage: dict
    # {process: CPU seconds a second} with nothing to do, just before.
    idle: dict
    # Whether the events of what came before (the warm-up) had all arrived when the
    # submissions began: otherwise what reporting counts mixes both.
    drained_before: bool

    def cpu_ms_a_submission(self, process: str) -> float:
        """The process's CPU from wrk's start until drained, less what it would have spent
        idle, divided by the new complaints."""
        busy = self.usage[process]["cpu_s"] - self.idle.get(process, 0.0) * self.sustained_s
        return 1000 * max(0.0, busy) / max(1, self.created)

    @property
    def created(self) -> int:
        return self.submit.count(201)

    @property
    def burst(self) -> float:
        return self.submit.rate(201)

    @property
    def sustained(self) -> float:
        return self.created / self.sustained_s if self.drain.drained else 0.0

    def ratios(self) -> dict:
        hop = self.hop.per_second
        return {
            "burst": round(self.burst / hop, 3) if hop else None,
            "sustained": round(self.sustained / hop, 3) if hop else None,
        }


def _database_urls(stack: Stack) -> list[str]:
    return [stack.env[f"PHANANH_{name.upper()}_DATABASE_URL"] for name in SERVICES]


async def drained(stack: Stack, timeout_s: float) -> Drain:
    """Waits until what the system received so far has reached every consumer."""
    received = await reporting_received(stack.env)
    return await wait_drained(stack.env, _database_urls(stack), received, timeout_s)


async def measure(
    stack: Stack,
    api_url: str,
    noop_url: str,
    *,
    seconds: float,
    connections: int,
    drain_seconds: float,
    seed: int,
    folder: Path,
) -> SubmissionFigures:
    complaints = Complaints(seed)
    warm_bodies = wrk.write_bodies(
        folder / "warm-up.jsonl", complaints.take(WARMUP_SECONDS * MOST_PER_SECOND)
    )
    bodies = wrk.write_bodies(
        folder / "bodies.jsonl", complaints.take(round(seconds * MOST_PER_SECOND))
    )
    run = {"seconds": WARMUP_SECONDS, "connections": connections}
    await wrk.run("warm-up", noop_url + NOOP_PATH, **run)
    await wrk.run("warm-up", api_url + SUBMIT_PATH, method="POST", bodies=warm_bodies, **run)
    await drained(stack, drain_seconds)

    run["seconds"] = seconds
    print(f"measuring the no-op gateway → gRPC hop with wrk for {seconds:.0f} s…", flush=True)
    hop = await wrk.run("no-op gateway → gRPC (baseline)", noop_url + NOOP_PATH, **run)
    before = await drained(stack, drain_seconds)
    idle = await _idle(stack)

    print(f"measuring POST {SUBMIT_PATH} with wrk for {seconds:.0f} s…", flush=True)
    sampler = processes.UsageSampler(system.usage_groups(stack))
    sampler.start()
    profilers = system.start_profilers(stack, "submissions-")
    started = time.perf_counter()
    submit = await wrk.run(
        f"POST {SUBMIT_PATH}", api_url + SUBMIT_PATH, method="POST", bodies=bodies, **run
    )
    print("waiting for every event to reach every consumer…", flush=True)
    drain = await wait_drained(
        stack.env, _database_urls(stack), before.received + submit.count(201), drain_seconds
    )
    sustained_s = time.perf_counter() - started
    usage = await sampler.stop(system.usage_groups(stack))
    await system.stop_profilers(profilers)
    return SubmissionFigures(hop, submit, drain, sustained_s, usage, idle, before.drained)


async def _idle(stack: Stack) -> dict:
    sampler = processes.UsageSampler(system.usage_groups(stack))
    await asyncio.sleep(IDLE_SECONDS)
    used = await sampler.stop(system.usage_groups(stack))
    return {name: u["cpu_s"] / IDLE_SECONDS for name, u in used.items()}


def table(f: SubmissionFigures) -> str:
    mib = 1024 * 1024
    ratios = f.ratios()
    hop, submit = f.hop, f.submit
    lines = [
        f"{'benchmark (wrk)':<40}{'requests':>9}{'errors':>8}{'req/s':>9}"
        f"{'p50 ms':>9}{'p99 ms':>9}",
        f"{hop.name:<40}{hop.sent:>9}{hop.errors:>8}{hop.per_second:>9.1f}"
        f"{hop.p50_ms:>9.1f}{hop.p99_ms:>9.1f}",
        f"{submit.name + ', 201s':<40}{submit.sent:>9}{submit.errors:>8}{f.burst:>9.1f}"
        f"{submit.p50_ms:>9.1f}{submit.p99_ms:>9.1f}",
        f"  burst: ratio to the hop {ratios['burst']:.3f} (goal ≥ {BURST_GOAL})",
    ]
    if not f.drained_before:
        lines.append(
            "  the warm-up's events had NOT all arrived when the submissions began: the"
            " sustained figure mixes them in"
        )
    if f.drain.drained:
        lines.append(
            f"  sustained: {f.created} new complaints, all counted by reporting "
            f"{f.sustained_s:.1f} s after wrk's start ({f.drain.seconds:.1f} s after its end): "
            f"{f.sustained:.1f}/s, ratio to the hop {ratios['sustained']:.3f} "
            f"(goal ≥ {SUSTAINED_GOAL})"
        )
    else:
        lines.append(
            f"  sustained: NOT drained {f.drain.seconds:.0f} s after wrk's end: reporting "
            f"counted {f.drain.received} of {f.drain.expected_received}, "
            f"{f.drain.pending_deliveries} outbox deliveries pending"
        )
    for result in (hop, submit):
        if result.errors or result.bodies_reused:
            lines.append(
                f"  {result.name}: statuses {result.statuses}, socket errors "
                f"{result.socket_errors}, bodies file begun again {result.bodies_reused} times"
            )
    lines += [
        "",
        f"{'process, until drained':<24}{'CPU ms a submission':>21}{'idle CPU %':>12}"
        f"{'peak RSS MiB':>14}",
    ]
    for name, used in f.usage.items():
        # PostgreSQL's backends share their memory: a sum of their RSS would mean nothing.
        rss = "" if name == "postgres" else f"{used['peak_rss_bytes'] / mib:.0f}"
        lines.append(
            f"{name:<24}{f.cpu_ms_a_submission(name):>21.2f}"
            f"{100 * f.idle.get(name, 0.0):>12.1f}{rss:>14}"
        )
    total = sum(f.cpu_ms_a_submission(name) for name in f.usage)
    lines.append(f"{'all':<24}{total:>21.2f}")
    return "\n".join(lines)


def as_json(f: SubmissionFigures) -> dict:
    return {
        "hop": {"name": f.hop.name, **f.hop.summary()},
        "submit": {"name": f.submit.name, **f.submit.summary()},
        "created": f.created,
        "burst_per_second": round(f.burst, 2),
        "sustained_per_second": round(f.sustained, 2),
        "sustained_seconds": round(f.sustained_s, 3),
        "ratios_to_hop": f.ratios(),
        "goals": {"burst": BURST_GOAL, "sustained": SUSTAINED_GOAL},
        "drain": asdict(f.drain),
        "drained_before": f.drained_before,
        "processes": {
            name: {**used, "cpu_ms_a_submission": round(f.cpu_ms_a_submission(name), 3)}
            for name, used in f.usage.items()
        },
        "idle_cpu_per_second": f.idle,
    }


def main(seconds: float) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="phananh-submissions-"))
    stack, noop = processes.bench_stack(data_dir)
    noop_process = None
    try:
        noop_process, noop_url = processes.start_with_noop(stack, noop)
        figures = uvloop.run(
            measure(
                stack,
                stack.base_url,
                noop_url,
                seconds=seconds,
                connections=32,
                drain_seconds=180,
                seed=2021,
                folder=data_dir,
            )
        )
        print(table(figures))
    finally:
        if noop_process is not None:
            processes.stop(noop_process)
        stack.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main(float(sys.argv[1]) if sys.argv[1:] else 15)
