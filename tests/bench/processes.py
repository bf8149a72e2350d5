"""Free ports, the no-op gateway process started beside the system that `Stack` runs, and
what the processes use: CPU seconds and resident memory, read from /proc (Linux)."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from phananh_common.config import DEFAULT_PORTS, SERVICES
from phananh_common.stack import Stack
from tests.bench.noop_gateway import NOOP_PATH

REPO_ROOT = Path(__file__).resolve().parents[2]
# Another copy of the system may be running on its usual ports: never take those.
RESERVED_PORTS = {8080, *DEFAULT_PORTS.values()}


def free_ports(count: int) -> list[int]:
    """Ports the OS hands out for port 0, all held open together so none repeats."""
    sockets: list[socket.socket] = []
    try:
        while len(sockets) < count:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            if s.getsockname()[1] in RESERVED_PORTS:
                s.close()
                continue
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def start_profiler(pid: int, output: Path) -> subprocess.Popen:
    """py-spy sampling the process until SIGINT, when it writes its collapsed stacks."""
    output.parent.mkdir(parents=True, exist_ok=True)
    py_spy = Path(sys.executable).parent / "py-spy"
    command = [py_spy, "record", "--pid", str(pid), "--format", "raw", "-o", output]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profiler(profiler: subprocess.Popen) -> None:
    profiler.send_signal(signal.SIGINT)
    try:
        profiler.wait(30)
    except subprocess.TimeoutExpired:
        profiler.kill()
        profiler.wait()


def start_noop_gateway(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log_path, "ab")  # noqa: SIM115 (owned by the child process)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.bench.noop_gateway"],
        cwd=REPO_ROOT,  # where the `tests` package is found
        env=env,
        stdout=log_file,
        stderr=log_file,
    )


def bench_stack(data_dir: Path) -> tuple[Stack, int]:
    """The system as `make bench` runs it, on free ports, and a free port for the no-op
    gateway."""
    http, noop, *grpc_ports = free_ports(2 + len(SERVICES))
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
    return Stack(data_dir, env=env), noop


def start_with_noop(stack: Stack, noop_port: int) -> tuple[subprocess.Popen, str]:
    """Starts the system, then the no-op gateway beside it; (its process, its URL)."""
    stack.start(timeout=180)  # a busy machine starts processes slowly
    process = start_noop_gateway(
        {**stack.env, "PHANANH_HTTP_PORT": str(noop_port)},
        stack.data_dir / "logs" / "noop.log",
    )
    url = f"http://127.0.0.1:{noop_port}"
    wait_answering(url + NOOP_PATH, process)
    return process, url


def wait_answering(url: str, process: subprocess.Popen, timeout_s: float = 120.0) -> None:
    """Until `url` answers 200: the process serves and reaches intake."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the no-op gateway exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s")


def stop(process: subprocess.Popen, timeout_s: float = 20.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def timed_command(module_and_args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in bytes of the process and its children together, last output
    line) of `python -m …` as its own process; exit status 2 (rows refused) counts as done."""
    env = {**os.environ, **env, "PHANANH_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", *module_and_args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    # Sampled from /proc, not taken from wait4's ru_maxrss: Linux keeps in it the memory of
    # the image the child replaced at exec, and this process (vfork) may hold a gigabyte.
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            tree = [process.pid, *children_of(process.pid)]
            peak[0] = max(peak[0], sum(rss_bytes(pid) for pid in tree))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read().decode()
    done.set()
    sampler.join()
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2):
        raise RuntimeError(f"{module_and_args[0]} failed ({process.returncode}): {output}")
    return elapsed, peak[0], output.strip().splitlines()[-1]


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the process so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def rss_bytes(pid: int) -> int:
    """Resident memory of the process now; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def children_of(pid: int) -> list[int]:
    """The direct children of a process (PostgreSQL's backends of its postmaster)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


class UsageSampler:
    """CPU seconds and peak RSS of named processes over a phase: RSS sampled every
    `interval_s`, CPU read at the start and the end. A name may stand for several processes
    (PostgreSQL and its backends), summed; those that start during the phase are counted
    from their start."""

    def __init__(self, processes: dict[str, list[int]], interval_s: float = 0.5):
        self._processes = processes
        self._interval_s = interval_s
        self._cpu_at_start = {name: self._cpu(pids) for name, pids in processes.items()}
        self._peak_rss = dict.fromkeys(processes, 0)
        self._task: asyncio.Task | None = None

    @staticmethod
    def _cpu(pids: list[int]) -> float:
        return sum(cpu_seconds(pid) for pid in pids)

    def _sample(self) -> None:
        for name, pids in self._processes.items():
            rss = sum(rss_bytes(pid) for pid in pids)
            self._peak_rss[name] = max(self._peak_rss[name], rss)

    async def _run(self) -> None:
        while True:
            self._sample()
            await asyncio.sleep(self._interval_s)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self, processes: dict[str, list[int]] | None = None) -> dict[str, dict]:
        """{name: {"cpu_s", "peak_rss_bytes"}}; `processes` refreshes the lists of pids (the
        backends PostgreSQL started meanwhile)."""
        if self._task is not None:
            self._task.cancel()
        self._processes = processes or self._processes
        self._sample()
        return {
            name: {
                "cpu_s": round(max(0.0, self._cpu(pids) - self._cpu_at_start.get(name, 0.0)), 2),
                "peak_rss_bytes": self._peak_rss.get(name, 0),
            }
            for name, pids in self._processes.items()
        }
