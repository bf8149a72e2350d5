"""The dev overlay as podman plays it (kube_play.py): every workload whose image is built here
becomes pods that run what the manifest says, reachable by the Services' names."""

import base64
import itertools
import json

import pytest

from phananh_common.config import SERVICES
from tests.deploy.containers import IMAGES, installation_secrets
from tests.deploy.kube_play import PROBES, convert
from tests.deploy.manifests import render

OBJECTS = (*render("dev"), *installation_secrets())


def plan_of(**replicas: int):
    addresses = (f"10.89.0.{i}" for i in itertools.count(10))
    ports = itertools.count(20000)
    return convert(
        OBJECTS,
        images=IMAGES,
        addresses=addresses,
        host_port=lambda: next(ports),
        replicas=replicas,
    )


def workloads(kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in OBJECTS if o["kind"] == kind}


def test_every_workload_with_a_local_image_is_a_pod_and_the_rest_is_named_as_left_out():
    plan = plan_of()
    expected = {
        *SERVICES,
        "gateway",
        *(f"{s}-migrate" for s in SERVICES),
        *(f"{s}-db" for s in SERVICES),
    }
    assert set(plan.pods) == expected
    assert {"Deployment/otel-collector", "Deployment/jaeger"} <= set(plan.skipped)
    kinds = {entry.split("/")[0] for entry in plan.skipped}
    assert {"NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress"} <= kinds
    assert not kinds & {"StatefulSet", "Job", "ConfigMap", "Secret", "Service"}


@pytest.mark.parametrize("kind", ["Deployment", "StatefulSet", "Job"])
def test_a_pod_runs_what_its_manifest_says_without_probes(kind):
    plan = plan_of()
    for name, workload in workloads(kind).items():
        if name not in plan.pods:
            continue
        (original,) = workload["spec"]["template"]["spec"]["containers"]
        (container,) = plan.pods[name]["spec"]["containers"]
        assert container["image"] == IMAGES[original["image"]]
        for key in ("command", "envFrom", "securityContext", "resources"):
            assert container.get(key) == original.get(key)
        assert not PROBES & container.keys()
        assert plan.probes.get(name, {}) == {p: original[p] for p in PROBES if p in original}
        restart = "OnFailure" if kind == "Job" else "Always"
        assert plan.pods[name]["spec"]["restartPolicy"] == restart


def test_services_resolve_to_the_pods_they_select_replicas_and_all():
    plan = plan_of(notification=3)
    aliases = plan.pods["gateway"]["spec"]["hostAliases"]

    def addresses_of(hostname: str) -> list[str]:
        return [a["ip"] for a in aliases if hostname in a["hostnames"]]

    replicas = plan.workloads["notification"]
    assert replicas == ["notification-0", "notification-1", "notification-2"]
    full_name = "notification.phananh.svc.cluster.local"
    assert addresses_of(full_name) == [plan.addresses[p] for p in replicas]
    assert addresses_of("intake-db") == [plan.addresses["intake-db"]]
    assert len(set(plan.addresses.values())) == len(plan.pods)


def test_volumes_are_each_pods_own_and_a_database_keeps_a_claim():
    plan = plan_of(intake=2)
    names = [v["name"] for pod in plan.pods.values() for v in pod["spec"].get("volumes", [])]
    assert len(names) == len(set(names))
    (claim,) = plan.claims["intake-db"]
    assert claim["metadata"]["name"] == "intake-db-data"
    assert claim in plan.documents()
    (container,) = plan.pods["intake-db"]["spec"]["containers"]
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert mounts["/var/lib/postgresql/data"] == "intake-db-data"
    assert mounts["/tmp"] == "intake-db-tmp"


def test_every_container_port_is_published_on_a_host_port_of_its_own():
    plan = plan_of()
    published = [
        port["hostPort"]
        for pod in plan.pods.values()
        for container in pod["spec"]["containers"]
        for port in container.get("ports", [])
    ]
    assert sorted(published) == sorted(plan.host_ports.values())
    assert len(set(published)) == len(published)


def test_secrets_become_podman_secrets_of_their_data():
    plan = plan_of()
    data = json.loads(plan.secrets["intake-db-app"])
    uri = base64.b64decode(data["uri"]).decode()
    assert uri == "postgresql://intake:dev-intake@intake-db:5432/intake"
    assert {"phananh-token-keys", "phananh-service-token"} <= plan.secrets.keys()
