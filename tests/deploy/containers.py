"""The dev overlay in containers: the images built (`make images`), the rendered overlay with
the installation's Secrets converted (kube_play.py) and played with podman pod by pod, on a
network of its own; each pod's probes checked as the kubelet would; all removed after."""

import base64
import ipaddress
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import grpc
import httpx
import yaml
from grpc_health.v1 import health_pb2, health_pb2_grpc

from phananh_common.config import SERVICES, asyncpg_url
from tests.deploy.kube_play import PlayPlan, convert
from tests.deploy.local import PRIVATE_KEY, PUBLIC_KEY, SERVICE_KEY
from tests.deploy.manifests import ROOT, render
from tests.harness import free_port

PODMAN = shutil.which("podman")
PROCESSES = (*SERVICES, "gateway")
# The manifests' images → the ones `make images` builds (podman names them localhost/…).
IMAGES = {f"phananh/{p}:dev": f"localhost/phananh/{p}:dev" for p in PROCESSES} | {
    "postgres:16": "localhost/phananh/postgres:16"
}
SERVING = health_pb2.HealthCheckResponse.SERVING


def build_images() -> None:
    command = ["make", "-C", ROOT, "images", "IMAGE_ENGINE=podman"]
    built = subprocess.run(command, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]


def podman(*args: str, check: bool = True) -> str:
    result = subprocess.run([PODMAN, *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 or not check, f"podman {args}: {result.stderr}"
    return result.stdout


def installation_secrets() -> tuple[dict, ...]:
    """The Secrets an operator creates once (deploy/k8s/README.md, "Deploy")."""

    def secret(name: str, **data: str) -> dict:
        encoded = {
            k.replace("_", "."): base64.b64encode(v.encode()).decode() for k, v in data.items()
        }
        return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}, "data": encoded}

    return (
        secret("phananh-token-keys", private_pem=PRIVATE_KEY, public_pem=PUBLIC_KEY),
        secret("phananh-service-token", key=SERVICE_KEY),
    )


class PlayedSystem:
    """The dev overlay's pods under podman, `replicas` of some Deployments."""

    def __init__(self, workdir: Path, replicas: dict[str, int] | None = None):
        self.workdir = workdir
        self.network = f"phananh-{workdir.name[-8:].lower()}"
        podman("network", "create", self.network)
        (config,) = json.loads(podman("network", "inspect", self.network))
        subnet = ipaddress.ip_network(config["subnets"][0]["subnet"])
        addresses = (str(a) for a in list(subnet.hosts())[9:])
        objects = (*render("dev"), *installation_secrets())
        self.plan: PlayPlan = convert(
            objects, images=IMAGES, addresses=addresses, host_port=free_port, replicas=replicas
        )

    def up(self) -> None:
        for name, data in self.plan.secrets.items():
            podman("secret", "rm", name, check=False)
            path = self.workdir / f"secret-{name}.json"
            path.write_text(data)
            podman("secret", "create", name, str(path))
        path = self.workdir / "dev.yaml"
        path.write_text(yaml.safe_dump_all(self.plan.documents()))
        addresses = [
            option for pod in self.plan.pods for option in ("--ip", self.plan.addresses[pod])
        ]
        podman("kube", "play", "--network", self.network, *addresses, str(path))

    def down(self) -> None:
        podman("pod", "rm", "--force", "--ignore", "--time", "2", *self.plan.pods, check=False)
        for claims in self.plan.claims.values():
            for claim in claims:
                podman("volume", "rm", "--force", claim["metadata"]["name"], check=False)
        for name in self.plan.secrets:
            podman("secret", "rm", name, check=False)
        podman("network", "rm", "--force", self.network, check=False)

    def address(self, pod: str, port: str) -> str:
        return f"127.0.0.1:{self.plan.host_ports[(pod, port)]}"

    def exec(self, pod: str, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PODMAN, "exec", f"{pod}-app", *command], capture_output=True, text=True
        )

    def logs(self, pod: str) -> str:
        return podman("logs", "--tail", "40", f"{pod}-app", check=False)

    def inspect(self, pod: str) -> dict:
        """`podman inspect` of the pod's container."""
        (found,) = json.loads(podman("inspect", f"{pod}-app"))
        return found

    def database_url(self, service: str) -> str:
        """The service's database as the host reaches it (its Secret's URI, host port)."""
        data = json.loads(self.plan.secrets[f"{service}-db-app"])
        uri = base64.b64decode(data["uri"]).decode()
        here = uri.replace(f"@{service}-db:5432", f"@{self.address(f'{service}-db', 'postgres')}")
        return asyncpg_url(here)

    # The kubelet's part: finished Jobs, passing probes.

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = set(self.plan.pods)
        while pending and time.monotonic() < deadline:
            pending = {pod for pod in pending if not self.ready(pod)}
            time.sleep(1)
        assert not pending, {pod: self.logs(pod) for pod in pending}

    def ready(self, pod: str) -> bool:
        state = self.inspect(pod)["State"]
        if self.plan.pods[pod]["spec"]["restartPolicy"] == "OnFailure":  # a Job's
            return state["Status"] == "exited" and state["ExitCode"] == 0
        probes = self.plan.probes.get(pod, {})
        return state["Status"] == "running" and all(self.passes(pod, p) for p in probes.values())

    def passes(self, pod: str, probe: dict) -> bool:
        if "exec" in probe:
            return self.exec(pod, *probe["exec"]["command"]).returncode == 0
        (kind,) = {"grpc", "httpGet", "tcpSocket"} & probe.keys()
        address = self.address(pod, self._port_name(pod, probe[kind]["port"]))
        try:
            if kind == "httpGet":
                return httpx.get(f"http://{address}{probe[kind]['path']}").status_code == 200
            if kind == "tcpSocket":
                host, port = address.split(":")
                socket.create_connection((host, int(port)), timeout=2).close()
                return True
            with grpc.insecure_channel(address) as channel:
                request = health_pb2.HealthCheckRequest(service=probe["grpc"].get("service", ""))
                reply = health_pb2_grpc.HealthStub(channel).Check(request, timeout=2)
                return reply.status == SERVING
        except (OSError, httpx.HTTPError, grpc.RpcError):
            return False

    def _port_name(self, pod: str, port: int | str) -> str:
        (container,) = self.plan.pods[pod]["spec"]["containers"]
        (name,) = [p["name"] for p in container["ports"] if port in (p["name"], p["containerPort"])]
        return name
