"""`make run` (`python -m phananh_common.stack`) as a process manager: each process killed
with SIGKILL in turn is started again within seconds while the others keep running, every
complaint accepted before a kill or after a restart is routed and acknowledged by SMS, and
SIGTERM still stops everything."""

import json
import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import httpx
import psutil
import pytest

from phananh_common.stack import PROCESSES
from tests.e2e.conftest import stack_env
from tests.factories import Complaints
from tests.harness import eventually

# Back within this (a pause of half a second, then the process's own start), on a busy machine.
RESTART_SECONDS = 30


class Run:
    def __init__(self, data: Path):
        env = stack_env(PHANANH_DATA_DIR=str(data))
        self.base_url = f"http://127.0.0.1:{env['PHANANH_HTTP_PORT']}"
        self.data, self.output = data, data / "make-run.out"
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "phananh_common.stack"],
                env=os.environ | env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def child(self, name: str) -> psutil.Process | None:
        """The running process `python -m <name>` that `make run` started."""
        for child in psutil.Process(self.process.pid).children():
            try:
                if child.cmdline()[-2:] == ["-m", name] and child.status() != "zombie":
                    return child
            except psutil.NoSuchProcess:
                pass
        return None

    def texts(self) -> str:
        sms = self.data / "sms.jsonl"
        lines = sms.read_text().splitlines() if sms.exists() else []
        return " ".join(json.loads(line)["text"] for line in lines)


async def ready(http: httpx.AsyncClient) -> bool:
    try:
        return (await http.get("/readyz")).status_code == 200
    except httpx.TransportError:
        return False


async def serving_again(run: Run, http: httpx.AsyncClient, name: str, killed_pid: int) -> bool:
    again = run.child(name)
    return again is not None and again.pid != killed_pid and await ready(http)


@pytest.fixture(scope="module")
async def run(tmp_path_factory):
    run = Run(tmp_path_factory.mktemp("data"))
    async with httpx.AsyncClient(base_url=run.base_url, timeout=15) as http:
        await eventually(lambda: ready(http), timeout=180)  # five processes on a busy machine

    # Until make run says so, it is still starting: a process killed then stops it all.
    async def started() -> bool:
        return "phananh is running" in run.output.read_text()

    await eventually(started, timeout=30)
    yield run
    if run.process.poll() is None:
        run.process.kill()
        run.process.wait()


async def test_each_process_killed_is_started_again_and_nothing_accepted_is_lost(run):
    bodies = iter(Complaints(95).take(2 * len(PROCESSES)))
    accepted: dict[str, str] = {}  # tracking code → phone

    async def submit(http: httpx.AsyncClient) -> None:
        body = next(bodies)
        reply = await http.post("/api/v1/complaints", json=body)
        assert reply.status_code == 201, reply.text
        accepted[reply.json()["tracking_code"]] = body["citizen"]["phone"]

    async with httpx.AsyncClient(base_url=run.base_url, timeout=15) as http:
        for name in PROCESSES:
            await submit(http)
            killed = run.child(name)
            others = {other: run.child(other).pid for other in PROCESSES if other != name}
            killed.send_signal(signal.SIGKILL)
            started = time.monotonic()
            await eventually(partial(serving_again, run, http, name, killed.pid), RESTART_SECONDS)
            print(f"{name}: serving again {time.monotonic() - started:.1f} s after SIGKILL")
            assert {other: run.child(other).pid for other in others} == others
            await submit(http)

        async def routed_and_acknowledged(code: str, phone: str) -> bool:
            status = await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})
            return status.json()["status"] == "ASSIGNED" and code in run.texts()

        async def all_routed_and_acknowledged():
            return all([await routed_and_acknowledged(c, p) for c, p in accepted.items()])

        await eventually(all_routed_and_acknowledged, timeout=60)
    told = run.output.read_text()
    for name in PROCESSES:
        assert f"{name} was killed by SIGKILL (log: {run.data / 'logs' / name}.log)" in told
        assert f"{name} started again" in told


def test_sigterm_still_stops_every_process(run):
    children = [run.child(name) for name in PROCESSES]
    run.process.send_signal(signal.SIGTERM)
    assert run.process.wait(60) == 0
    assert not any(child.is_running() for child in children)
