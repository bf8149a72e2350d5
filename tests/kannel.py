"""A real Kannel for the tests and the benchmark: bearerbox, smsbox and Kannel's fake SMSC
(`fakesmsc`, Debian's kannel-extras), configured in a temporary folder on free ports, started
and stopped by the caller. What reached the fake SMSC is read from its output."""

import re
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from tests.harness import free_port

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
USERNAME = "phananh"
PASSWORD = "kannel-test-password"
ADMIN_PASSWORD = "kannel-test-admin"

# fakesmsc prints each message it receives: "Got message 7: <from to type text>".
RECEIVED = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>$")

CONFIG = """\
group = core
admin-port = {admin}
admin-password = {admin_password}
smsbox-port = {smsbox}
box-allow-ip = 127.0.0.1
log-file = "{folder}/bearerbox.log"
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
log-file = "{folder}/smsbox.log"
log-level = 1

group = sendsms-user
username = {username}
password = {password}
max-messages = 3
concatenation = true

group = sms-service
keyword = default
catch-all = true
text = "no service"
"""


@dataclass(frozen=True)
class ReceivedSms:
    sender: str
    to: str
    text: str


class Kannel:
    def __init__(self, folder: Path):
        self.folder = folder
        self.ports = {name: free_port() for name in ("admin", "smsbox", "smsc", "sendsms")}
        self.config = folder / "kannel.conf"
        self.config.write_text(
            CONFIG.format(
                folder=folder,
                username=USERNAME,
                password=PASSWORD,
                admin_password=ADMIN_PASSWORD,
                **self.ports,
            )
        )
        self.smsc_output = folder / "fakesmsc.out"
        self.processes: list[subprocess.Popen] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['sendsms']}"

    def env(self) -> dict[str, str]:
        """Notification's settings for this Kannel."""
        return {
            "PHANANH_SMS_PROVIDER": "kannel",
            "PHANANH_KANNEL_URL": self.url,
            "PHANANH_KANNEL_USERNAME": USERNAME,
            "PHANANH_KANNEL_PASSWORD": PASSWORD,
        }

    def _spawn(self, *command: str, output: Path) -> None:
        with output.open("ab") as out:
            self.processes.append(
                subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=self.folder)
            )

    def start(self, timeout: float = 20.0) -> None:
        self._spawn(BEARERBOX, str(self.config), output=self.folder / "bearerbox.out")
        self._wait(lambda: self._answers(self._admin_status()), timeout, "bearerbox")
        # -m 0: the fake SMSC sends no messages of its own, it only receives.
        self._spawn(
            FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["smsc"]), "-m", "0", "1 2 text x",
            output=self.smsc_output,
        )  # fmt: skip
        self._wait(lambda: "online" in self._read(self._admin_status()), timeout, "fake SMSC")
        self._spawn(SMSBOX, str(self.config), output=self.folder / "smsbox.out")
        self._wait(lambda: self._answers(f"{self.url}/cgi-bin/sendsms"), timeout, "smsbox")

    def stop(self) -> None:
        """Stops the three processes (smsbox first, so nothing new is taken)."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes = []

    def received(self) -> list[ReceivedSms]:
        if not self.smsc_output.exists():
            return []
        messages = []
        for line in self.smsc_output.read_text(errors="replace").splitlines():
            match = RECEIVED.search(line)
            if match:
                sender, to, kind, text = match.groups()
                if kind == "ucs-2":
                    text = unquote_to_bytes(text).decode("utf-16-be")
                messages.append(ReceivedSms(sender, to, text))
        return messages

    def _admin_status(self) -> str:
        return f"http://127.0.0.1:{self.ports['admin']}/status.txt?password={ADMIN_PASSWORD}"

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            urllib.request.urlopen(url, timeout=1).close()
        except urllib.error.HTTPError:
            return True  # answered, if only with an error
        except OSError:
            return False
        return True

    @staticmethod
    def _read(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.read().decode(errors="replace")
        except OSError:
            return ""

    def _wait(self, ready, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.args[0]} exited; see {self.folder}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} not ready within {timeout:.0f} s; see {self.folder}")
            time.sleep(0.1)
