"""The dev overlay's Deployments run as local processes: their command and environment as the
manifests say them, with only what must differ on one machine replaced (database URLs,
ports, targets, the installation's token keys and service key; no trace export)."""

import subprocess
import sys
from pathlib import Path

from phananh_common.config import SERVICES
from phananh_common.service_tokens import generate_key
from phananh_common.stack import Stack
from phananh_common.tokens import generate_key_pair
from tests.deploy.manifests import Container, main_container
from tests.harness import free_port

OVERLAY = "dev"


def local_command(container: Container) -> list[str]:
    assert container.command[0] == "python"
    return [sys.executable, *container.command[1:]]


# The token keys and the service key are the installation's own Secrets (phananh-token-keys,
# phananh-service-token): made here.
PRIVATE_KEY, PUBLIC_KEY = generate_key_pair()
SERVICE_KEY = generate_key()


def local_env(
    container: Container,
    database_urls: dict[str, str],
    ports: dict[str, int],
    targets: dict[str, str],
    http_port: int,
) -> dict[str, str]:
    replaced = {
        "PHANANH_HTTP_PORT": str(http_port),
        "PHANANH_TOKEN_PUBLIC_KEY": PUBLIC_KEY,
        "PHANANH_TOKEN_SIGNING_KEY": PRIVATE_KEY,
        "PHANANH_SERVICE_TOKEN_KEY": SERVICE_KEY,
    }
    for service in SERVICES:
        prefix = f"PHANANH_{service.upper()}"
        replaced[f"{prefix}_PORT"] = str(ports[service])
        replaced[f"{prefix}_TARGET"] = targets[service]
        replaced[f"{prefix}_DATABASE_URL"] = database_urls[service]
    # Only the settings that the manifest gives are replaced; spans are exported nowhere.
    env = {k: replaced.get(k, v) for k, v in container.env.items()}
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    return env


class ManifestProcesses:
    """Processes started as the dev overlay's Deployments and Jobs would be."""

    def __init__(self, data_dir: Path, database_urls: dict[str, str], targets: dict[str, str]):
        self.http_port = free_port()
        self.stack = Stack(data_dir, {"PHANANH_HTTP_PORT": str(self.http_port)})
        self.database_urls = database_urls
        self.targets = targets

    def _local(self, kind: str, name: str, ports: dict[str, int]) -> tuple[list[str], dict]:
        container = main_container(OVERLAY, kind, name)
        env = local_env(container, self.database_urls, ports, self.targets, self.http_port)
        return local_command(container), env

    def run_job(self, name: str, ports: dict[str, int]) -> subprocess.CompletedProcess:
        command, env = self._local("Job", name, ports)
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    def start(self, deployment: str, ports: dict[str, int], label: str = "") -> None:
        """Starts the Deployment's container listening on `ports` (its own among them)."""
        self.stack.start_process(label or deployment, *self._local("Deployment", deployment, ports))

    @property
    def base_url(self) -> str:
        return self.stack.base_url
