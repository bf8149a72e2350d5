"""An SMSC for the tests: node-smpp's server (tests/smsc/smsc.js, an SMPP implementation
independent of the one notification uses), on a free port, started and stopped by the caller.
It accepts binds with its credentials, answers submit_sm with message ids, sends a delivery
receipt for each, and can be told to refuse a number or to throttle; what it received is read
from its output. `make test` installs node-smpp (tests/smsc/package-lock.json)."""

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.harness import free_port

FOLDER = Path(__file__).parent / "smsc"
SYSTEM_ID = "phananh"
PASSWORD = "smpp-pw1"  # SMPP allows 8 characters
ESME_RINVDSTADR = 0x0B


@dataclass(frozen=True)
class Submitted:
    """One submit_sm, as the SMSC decoded it (text by data_coding, the UDH apart)."""

    source_addr: str
    source_addr_ton: int
    destination_addr: str
    data_coding: int
    esm_class: int
    udh: list[str]
    text: str
    status: int
    message_id: str | None


class Smsc:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.output = folder / "smsc.out"
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        """Notification's settings for this SMSC."""
        return {
            "PHANANH_SMS_PROVIDER": "smpp",
            "PHANANH_SMPP_HOST": "127.0.0.1",
            "PHANANH_SMPP_PORT": str(self.port),
            "PHANANH_SMPP_SYSTEM_ID": SYSTEM_ID,
            "PHANANH_SMPP_PASSWORD": PASSWORD,
        }

    def start(self, timeout: float = 20.0) -> None:
        if not (FOLDER / "node_modules" / "smpp").is_dir():
            raise RuntimeError("node-smpp is missing: make test-programs")
        node = shutil.which("node") or "node"
        started = self._listening()
        with self.output.open("a") as out:
            self.process = subprocess.Popen(
                [node, str(FOLDER / "smsc.js"), str(self.port), SYSTEM_ID, PASSWORD],
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )
        deadline = time.monotonic() + timeout
        while self._listening() == started:
            if self.process.poll() is not None:
                raise RuntimeError(f"the test SMSC exited; see {self.output}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the test SMSC not listening within {timeout:.0f} s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def command(self, **command) -> None:
        """refuse=NUMBER (status=…), accept=NUMBER, throttle=COUNT."""
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        expected = {"event": "command", **command}
        deadline = time.monotonic() + 10
        while expected not in self._events_since_start():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the test SMSC did not take {command}")
            time.sleep(0.02)

    def events(self) -> list[dict]:
        if not self.output.exists():
            return []
        lines = self.output.read_text(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def _listening(self) -> int:
        return sum(e["event"] == "listening" for e in self.events())

    def _events_since_start(self) -> list[dict]:
        events = self.events()
        starts = [i for i, e in enumerate(events) if e["event"] == "listening"]
        pid_start = starts[-1] if starts else 0
        return events[pid_start:]

    def binds(self) -> int:
        """How many binds it accepted."""
        return sum(e["event"] == "bind" and e["ok"] for e in self.events())

    def submitted(self, to: str) -> list[Submitted]:
        """Each submit_sm to that E.164 number, accepted or not."""
        fields = Submitted.__dataclass_fields__
        return [
            Submitted(**{k: e.get(k) for k in fields})
            for e in self.events()
            if e["event"] == "submit_sm" and e["destination_addr"] == to.lstrip("+")
        ]

    def accepted(self, to: str) -> list[Submitted]:
        return [s for s in self.submitted(to) if s.status == 0]
