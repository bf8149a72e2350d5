"""`make run`: the whole system on one machine. Starts an embedded PostgreSQL under
PHANANH_DATA_DIR unless every PHANANH_<SERVICE>_DATABASE_URL is given, creates the databases
and roles, migrates, starts the four services and the gateway as separate processes exactly
as they run in production, waits until the gateway is ready, and prints where to go. A
process that dies is started again (phananh_common.supervision). Ctrl-C (or SIGTERM) stops
the processes gracefully, then the database.

The end-to-end tests start the system through the same `Stack`."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

from phananh_common.config import (
    DEFAULT_METRICS_PORTS,
    PROCESSES,
    SERVICES,
    Topology,
    metrics_port_variable,
)
from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services
from phananh_common.migrate import upgrade
from phananh_common.policy import DeadlinePolicy
from phananh_common.roles import PROVINCE_ADMIN
from phananh_common.service_tokens import generate_key
from phananh_common.supervision import Supervisor
from phananh_common.tokens import Principal, TokenSigner, generate_key_pair

# The demo's vaccination sites in Đồng Nai (province 75): Biên Hòa (731) and Long Khánh (732).
DEMO_FACILITIES = """code,name,district_code,commune_code
F731001,Trạm Y tế Phường Trung Dũng,731,26041
F731002,Trạm Y tế Phường Trảng Dài,731,25993
F731100,Bệnh viện Đa khoa Đồng Nai,731,
F732001,Bệnh viện Đa khoa khu vực Long Khánh,732,
"""


class Stack:
    def __init__(self, data_dir: Path, env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.env = {**os.environ, **(env or {})}
        if self.env.get("PHANANH_DEMO") != "0":
            # The demo is tried without a phone that receives SMS.
            self.env.setdefault("PHANANH_OTP_REQUIRED", "0")
        # Notification's file provider: the SMS that would go out, one JSON line each.
        self.env.setdefault("PHANANH_SMS_FILE", str(data_dir / "sms.jsonl"))
        self.http_port = int(self.env.get("PHANANH_HTTP_PORT", "8080"))
        self.postgres: EmbeddedPostgres | None = None
        self.processes: dict[str, subprocess.Popen] = {}
        self.demo_logins: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def prepare_databases(self) -> None:
        variables = {s: f"PHANANH_{s.upper()}_DATABASE_URL" for s in SERVICES}
        if not all(self.env.get(v) for v in variables.values()):
            self.postgres = EmbeddedPostgres(self.data_dir / "postgres")
            urls = asyncio.run(provision_services(self.postgres.admin_url))
            for service, variable in variables.items():
                if not self.env.get(variable):
                    self.env[variable] = urls[service]
        for service, variable in variables.items():
            upgrade(service, self.env[variable])

    def prepare_keys(self) -> None:
        """The token key pair and the service token key, each made once into the data folder
        unless the environment gives it: resolution signs officers' tokens with the private
        key, everyone verifies them with the public one; every process signs and checks its
        calls to the services with the service key."""
        folder = self.data_dir / "keys"
        if not (
            self.env.get("PHANANH_SERVICE_TOKEN_KEY")
            or self.env.get("PHANANH_SERVICE_TOKEN_KEY_FILE")
        ):
            service_key = folder / "service_token_key"
            if not service_key.exists():
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                service_key.touch(mode=0o600)
                service_key.write_text(generate_key())
            self.env["PHANANH_SERVICE_TOKEN_KEY_FILE"] = str(service_key)
        if self.env.get("PHANANH_TOKEN_PUBLIC_KEY"):
            return
        private, public = folder / "token_signing_key.pem", folder / "token_public_key.pem"
        if not private.exists():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            private_pem, public_pem = generate_key_pair()
            private.touch(mode=0o600)
            private.write_text(private_pem)
            public.write_text(public_pem)
        self.env["PHANANH_TOKEN_SIGNING_KEY_FILE"] = str(private)
        self.env["PHANANH_TOKEN_PUBLIC_KEY"] = public.read_text()

    def seed_demo(self) -> None:
        """Demo logins (unless PHANANH_DEMO=0), kept in `demo_logins` to be printed."""
        if self.env.get("PHANANH_DEMO", "1") == "0":
            return
        command = [sys.executable, "-m", "resolution.accounts.bootstrap", "--demo"]
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, check=True)
        self.demo_logins = done.stdout.splitlines()

    def seed_demo_facilities(self) -> None:
        """A few vaccination sites, so the demo's form has some to pick (an import replaces
        the same codes: every start may run it). Sent as a province admin whose token the
        stack signs with the key it made."""
        key_file = self.env.get("PHANANH_TOKEN_SIGNING_KEY_FILE", "")
        if self.env.get("PHANANH_DEMO", "1") == "0" or not key_file:
            return
        province = self.env.get("PHANANH_PROVINCE_CODE", "75")
        admin = Principal(str(uuid.uuid4()), "demo", PROVINCE_ADMIN, province)
        token, _ = TokenSigner(Path(key_file).read_text(), timedelta(minutes=1)).issue(admin)
        request = urllib.request.Request(
            f"{self.base_url}/api/v1/facilities:import",
            data=DEMO_FACILITIES.encode(),
            headers={"content-type": "text/csv", "authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=30):
            pass

    def start_process(
        self, name: str, command: list[str] | None = None, env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        """Starts `python -m <name>` with the stack's environment, or the `command` and `env`
        given (as a Kubernetes manifest says them)."""
        log_path = self.data_dir / "logs" / f"{name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        # The child writes to its own copy of the file: ours closes at once (a process started
        # again and again must not leave a file open each time).
        with open(log_path, "ab") as log_file:
            process = subprocess.Popen(
                command or [sys.executable, "-m", name],
                env=self.env if env is None else env,
                stdout=log_file,
                stderr=log_file,
            )
        self.processes[name] = process
        return process

    def start(self, timeout: float = 60.0) -> None:
        """Starts everything, or stops whatever had started and raises."""
        try:
            self.prepare_databases()
            self.prepare_keys()
            self.seed_demo()
            for name in PROCESSES:
                self.start_process(name)
            self.wait_ready(timeout)
            self.seed_demo_facilities()
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{name} exited with {process.returncode}; see {self.log_of(name)}"
                    )
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"the system was not ready within {timeout:.0f} s")

    def log_of(self, name: str) -> Path:
        return self.data_dir / "logs" / f"{name}.log"

    def stop_process(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        process = self.processes[name]
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name in self.processes:
            self.stop_process(name)
        if self.postgres:
            self.postgres.stop()


def port_to_use(preferred: int) -> int:
    """`preferred` when it is free on the loopback, else one the system finds free."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def metrics_ports_env() -> dict[str, str]:
    """Each process's metrics port that the environment does not set: its default, or a
    free one where another program holds it."""
    return {
        metrics_port_variable(process): str(port_to_use(port))
        for process, port in DEFAULT_METRICS_PORTS.items()
        if metrics_port_variable(process) not in os.environ
    }


def metrics_text(env: dict[str, str]) -> str:
    served = [(p, env.get(metrics_port_variable(p))) for p in PROCESSES]
    return ", ".join(f"{process} :{port}" for process, port in served if port) or "none"


def demo_text(logins: list[str]) -> str:
    if not logins:
        return ""
    lines = "".join(f"                {line}\n" for line in logins)
    return f"  Demo logins (password to change at the first login):\n{lines}"


def main() -> None:
    data_dir = Path(os.environ.get("PHANANH_DATA_DIR", ".data")).resolve()
    stack = Stack(data_dir, metrics_ports_env())
    topology = Topology()
    # Read here too, so that a wrong deadline stops `make run` before anything starts.
    policy = DeadlinePolicy()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        print("phananh: preparing databases…", flush=True)
        stack.start()
        print(
            f"\nphananh is running.\n"
            f"  Citizens:     {stack.base_url}/ (status: {stack.base_url}/tra-cuu)\n"
            f"  Officers:     {stack.base_url}/console\n"
            f"  Dashboard:    {stack.base_url}/dashboard\n"
            f"  API:          {stack.base_url}/api/v1\n"
            f"  OpenAPI:      {stack.base_url}/docs\n"
            f"  gRPC:         {', '.join(f'{s} :{topology.port_of(s)}' for s in SERVICES)}\n"
            f"  Metrics:      {metrics_text(stack.env)} (/metrics, Prometheus)\n"
            f"  Logs:         {data_dir / 'logs'}\n"
            f"  SMS:          {stack.env['PHANANH_SMS_FILE']} (PHANANH_SMS_PROVIDER=file)\n"
            f"  Backlog due:  {policy.backlog_due_at:%Y-%m-%d %H:%M} (PHANANH_BACKLOG_DUE_AT)\n"
            f"{demo_text(stack.demo_logins)}"
            f"A process that exits is started again; Ctrl-C stops them all.",
            flush=True,
        )
        Supervisor(stack).run(stopping)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nphananh: stopping…", flush=True)
        stack.stop()


if __name__ == "__main__":
    main()
