"""HTTP throughput as `make bench` measures it: wrk (Debian's, tests/debian-packages.txt), a
load generator in C that leaves the two cores to what it measures, where a Python client
spent more CPU a request than the no-op hop it drove. Each request carries a body of its own
from a file of one JSON body a line (tests/bench/bodies.lua), and the answers are counted by
status: a 201 is a new complaint, a 200 one joined to an open complaint."""

import asyncio
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).with_name("bodies.lua")
# Long enough for a submission queued behind a burst: a timeout would be counted as an error.
TIMEOUT = "30s"


@dataclass
class WrkResult:
    """One wrk run, shaped as tests.bench.load.LoadResult where the tables read both."""

    name: str
    elapsed_s: float
    sent: int
    statuses: dict[int, int]
    p50_ms: float
    p99_ms: float
    socket_errors: dict[str, int] = field(default_factory=dict)
    # How many times a thread ran out of bodies and began its lines again (each repeat of a
    # complaint is a 200, not a new one): the bodies file was too short for the run.
    bodies_reused: int = 0

    def count(self, status: int) -> int:
        return self.statuses.get(status, 0)

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def errors(self) -> int:
        return self.sent - self.ok + sum(self.socket_errors.values())

    @property
    def per_second(self) -> float:
        return self.ok / self.elapsed_s if self.elapsed_s else 0.0

    def rate(self, status: int) -> float:
        return self.count(status) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, fraction: float) -> float:
        return {0.5: self.p50_ms, 0.99: self.p99_ms}[fraction]

    def summary(self) -> dict:
        return {
            "requests": self.sent,
            "errors": self.errors,
            "per_second": round(self.per_second, 2),
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "elapsed_s": round(self.elapsed_s, 3),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "socket_errors": self.socket_errors,
            "bodies_reused": self.bodies_reused,
            "load_generator": "wrk",
        }


def write_bodies(path: Path, bodies: Iterable[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for body in bodies:
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
    return path


async def run(
    name: str,
    url: str,
    *,
    seconds: float,
    connections: int,
    method: str = "GET",
    bodies: Path | None = None,
    threads: int = 1,
) -> WrkResult:
    """`connections` kept-alive connections sending requests to `url` for `seconds`, each
    the next as soon as its answer came (a closed loop), by `threads` threads of wrk."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("make bench needs wrk: make debian-packages (or apt-get install wrk)")
    command = [
        wrk,
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={TIMEOUT}",
        f"--script={SCRIPT}",
        url,
        "--",
        method,
        str(threads),
        *([str(bodies)] if bodies else []),
    ]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {err.decode().strip()}")
    measured = json.loads(out.decode().strip().splitlines()[-1])
    return WrkResult(
        name=name,
        elapsed_s=measured["duration_us"] / 1e6,
        sent=measured["requests"],
        statuses={int(k): v for k, v in measured["statuses"].items()},
        p50_ms=round(measured["p50_us"] / 1000, 2),
        p99_ms=round(measured["p99_us"] / 1000, 2),
        socket_errors=measured["socket_errors"],
        bodies_reused=measured["bodies_reused"],
    )
