"""Free ports and the no-op gateway process, started beside the system that `Stack` runs."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from phananh_common.config import DEFAULT_PORTS

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


def wait_answering(url: str, process: subprocess.Popen, timeout_s: float = 30.0) -> None:
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
    """(seconds, peak RSS in bytes, last output line) of `python -m …` as its own process;
    exit status 2 (rows refused) counts as done."""
    env = {**os.environ, **env, "PHANANH_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", *module_and_args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2):
        raise RuntimeError(f"{module_and_args[0]} failed ({process.returncode}): {output}")
    return elapsed, usage.ru_maxrss * 1024, output.strip().splitlines()[-1]
