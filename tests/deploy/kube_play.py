"""The rendered dev overlay rewritten into what `podman kube play` (podman 4.3) can run on one
machine, each workload kept as its manifest says it (command, environment, image, security
context, resource limits, volumes) except for what only a cluster gives:

- Deployments, StatefulSets and Jobs become Pods (`<name>`, or `<name>-<i>` for replicas), Jobs
  with their restart policy; a StatefulSet's volumeClaimTemplates become PersistentVolumeClaims
  of its own (`<pod>-<claim>`, podman volumes).
- Services become hostAliases in every pod: the Service's name, short and in full
  (`<name>.<namespace>.svc.cluster.local`), to the fixed addresses of the pods it selects.
- Secrets become podman secrets holding their `data` as JSON (what podman reads a
  secretKeyRef from); the ConfigMaps stay as they are.
- emptyDir volumes get names of their own pod (podman makes one volume per name).
- Each container port is published on a free port of the host (`host_ports`).
- Images are the locally built ones (`images`); workloads whose images cannot be had
  (the observability stack) are left out, as are Services' other uses, NetworkPolicies,
  autoscalers, disruption budgets, Ingresses, ServiceAccounts and the Namespace.
- Probes go (podman 4.3 runs no gRPC probe) into `probes`, for the test to check as the
  kubelet would (tests/deploy/containers.py).
"""

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

PROBES = {"livenessProbe", "readinessProbe", "startupProbe"}
CLUSTER_DOMAIN = "svc.cluster.local"
# Started in this order, as `kubectl apply` would (the order is only for the log's sake).
WORKLOAD_KINDS = ("StatefulSet", "Job", "Deployment")


@dataclass
class PlayPlan:
    """What to give podman: its secrets, then `documents` to play."""

    pods: dict[str, dict] = field(default_factory=dict)  # pod name → its Pod
    claims: dict[str, list[dict]] = field(default_factory=dict)  # pod → its claims
    config_maps: list[dict] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)  # podman secret → its JSON
    addresses: dict[str, str] = field(default_factory=dict)  # pod → IP
    host_ports: dict[tuple[str, str], int] = field(default_factory=dict)  # (pod, port) → host
    workloads: dict[str, list[str]] = field(default_factory=dict)  # workload → its pods
    probes: dict[str, dict[str, dict]] = field(default_factory=dict)  # pod → kind → probe
    skipped: list[str] = field(default_factory=list)  # "Kind/name" left out

    def documents(self) -> list[dict]:
        """The YAML documents of `kube play`: the ConfigMaps, the claims, then the pods (in
        the order of their `addresses`, as podman takes its `--ip` options)."""
        claims = [c for pod in self.pods for c in self.claims.get(pod, [])]
        return [*self.config_maps, *claims, *self.pods.values()]


def _pod_spec(workload: dict) -> dict:
    return copy.deepcopy(workload["spec"]["template"]["spec"])


def _matches(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def convert(
    objects: tuple[dict, ...],
    *,
    images: dict[str, str],
    addresses: Iterator[str],
    host_port: Callable[[], int],
    replicas: dict[str, int] | None = None,
) -> PlayPlan:
    """The plan for `objects` (one overlay rendered); `images` maps the manifests' image
    names to local ones, `addresses` gives each pod its IP, `host_port` a free host port."""
    plan = PlayPlan()
    replicas = replicas or {}
    labels: dict[str, dict] = {}
    for kind in WORKLOAD_KINDS:
        for workload in (o for o in objects if o["kind"] == kind):
            name = workload["metadata"]["name"]
            spec = _pod_spec(workload)
            if any(c["image"] not in images for c in spec["containers"]):
                plan.skipped.append(f"{kind}/{name}")
                continue
            count = replicas.get(name, 1)
            pods = [name] if count == 1 else [f"{name}-{i}" for i in range(count)]
            plan.workloads[name] = pods
            for pod in pods:
                plan.addresses[pod] = next(addresses)
                plan.pods[pod] = _pod(plan, workload, pod, images, host_port)
                labels[pod] = workload["spec"]["template"]["metadata"].get("labels", {})
    aliases = []
    for service in (o for o in objects if o["kind"] == "Service"):
        meta = service["metadata"]
        hostnames = [meta["name"], f"{meta['name']}.{meta.get('namespace', 'default')}"]
        hostnames.append(f"{hostnames[1]}.{CLUSTER_DOMAIN}")
        selector = service["spec"].get("selector", {})
        for pod, pod_labels in labels.items():
            if _matches(selector, pod_labels):
                aliases.append({"ip": plan.addresses[pod], "hostnames": hostnames})
    for pod in plan.pods.values():
        pod["spec"]["hostAliases"] = aliases
    for config_map in (o for o in objects if o["kind"] == "ConfigMap"):
        plan.config_maps.append(_without_namespace(config_map))
    for secret in (o for o in objects if o["kind"] == "Secret"):
        plan.secrets[secret["metadata"]["name"]] = secret_json(secret.get("data", {}))
    handled = {*WORKLOAD_KINDS, "Service", "ConfigMap", "Secret"}
    plan.skipped += [
        f"{o['kind']}/{o['metadata']['name']}" for o in objects if o["kind"] not in handled
    ]
    return plan


def secret_json(data: dict[str, str]) -> str:
    """A Secret's `data` (base64 values) as podman reads a secretKeyRef's secret."""
    return json.dumps(data)  # podman decodes the values as Go decodes []byte: base64


def _without_namespace(document: dict) -> dict:
    document = copy.deepcopy(document)
    document["metadata"].pop("namespace", None)
    return document


def _pod(plan: PlayPlan, workload: dict, pod: str, images: dict, host_port) -> dict:
    spec = _pod_spec(workload)
    if workload["kind"] != "Job":
        spec["restartPolicy"] = "Always"
    volumes = {v["name"]: f"{pod}-{v['name']}" for v in spec.get("volumes", [])}
    for volume in spec.get("volumes", []):
        volume["name"] = volumes[volume["name"]]
    for template in workload["spec"].get("volumeClaimTemplates", []):
        claim = f"{pod}-{template['metadata']['name']}"
        volumes[template["metadata"]["name"]] = claim
        spec.setdefault("volumes", []).append(
            {"name": claim, "persistentVolumeClaim": {"claimName": claim}}
        )
        plan.claims.setdefault(pod, []).append(
            {
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "metadata": {"name": claim},
                "spec": template["spec"],
            }
        )
    for container in spec["containers"]:
        container["image"] = images[container["image"]]
        for probe in PROBES:
            if probe in container:
                plan.probes.setdefault(pod, {})[probe] = container.pop(probe)
        for mount in container.get("volumeMounts", []):
            mount["name"] = volumes[mount["name"]]
        for port in container.get("ports", []):
            port["hostPort"] = plan.host_ports[(pod, port["name"])] = host_port()
    meta = workload["spec"]["template"]["metadata"]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": pod, "labels": meta.get("labels", {})},
        "spec": spec,
    }
