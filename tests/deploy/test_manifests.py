"""Every overlay renders, every object is valid for Kubernetes, and the rules of the
deployment hold for every object (docs/architecture.md, "Deployment")."""

import kubernetes_validate
import pytest

from phananh.resolution.v1 import accounts_pb2, resolution_pb2
from phananh_common.access import OPEN_SERVICES
from phananh_common.config import SERVICES
from reporting.server import OPEN_TO_DISTRICT_CLIENTS
from tests.deploy.manifests import OVERLAYS, env_entry, main_container, objects, render
from tests.deploy.test_monitoring import METRICS

KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")
# Kinds without a schema in kubernetes-validate, and why they are not validated by it.
NOT_VALIDATED = {
    ("postgresql.cnpg.io/v1", "Cluster"): "CloudNativePG's CRD ships with its operator; "
    "test_prod_has_a_cloudnativepg_cluster_per_service checks the fields we rely on",
    ("postgresql.cnpg.io/v1", "ScheduledBackup"): "CloudNativePG's CRD, like Cluster: "
    "tests/deploy/test_backups.py checks the fields we rely on",
    **dict.fromkeys(
        [
            ("monitoring.coreos.com/v1", "PodMonitor"),
            ("monitoring.coreos.com/v1", "PrometheusRule"),
        ],
        "the prometheus-operator's CRDs: tests/deploy/test_monitoring.py checks our fields",
    ),
    **dict.fromkeys(
        [
            ("gateway.networking.k8s.io/v1", "Gateway"),
            ("gateway.networking.k8s.io/v1", "GRPCRoute"),
        ],
        "Gateway API's CRDs ship with the cluster's implementation; "
        "test_prod_routes_to_district_clients_what_is_open_to_them_over_tls checks our fields",
    ),
}
WORKLOADS = ("Deployment", "StatefulSet", "Job")
# A viewer that keeps traces in memory runs once: no autoscaler, no disruption budget.
SINGLE_REPLICA = {"jaeger"}
# Who calls each service besides the gateway: the producers of the events it consumes.
PRODUCERS = {
    "intake": {"resolution"},
    "resolution": {"intake"},
    "notification": {"intake", "resolution"},
    "reporting": {"intake", "resolution", "notification"},
}
ALL = [(overlay, o) for overlay in OVERLAYS for o in render(overlay)]


def object_id(case):
    overlay, o = case
    return f"{overlay}:{o['kind']}/{o['metadata']['name']}"


@pytest.mark.parametrize("case", ALL, ids=object_id)
def test_every_object_is_valid_for_kubernetes(case):
    _, o = case
    if (o["apiVersion"], o["kind"]) in NOT_VALIDATED:
        return
    for version in KUBERNETES_VERSIONS:
        kubernetes_validate.validate(o, version, strict=True)


def test_only_the_listed_kinds_go_unvalidated():
    kinds = {(o["apiVersion"], o["kind"]) for _, o in ALL}
    unknown = set()
    for api_version, kind in kinds - set(NOT_VALIDATED):
        try:
            kubernetes_validate.validate({"apiVersion": api_version, "kind": kind}, "1.37.0")
        except kubernetes_validate.SchemaNotFoundError:
            unknown.add((api_version, kind))
        except kubernetes_validate.ValidationError:
            pass  # known, and the empty object is invalid, as expected
    assert unknown == set()
    assert set(NOT_VALIDATED) <= kinds


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_locked_down_and_bounded(overlay):
    for kind in WORKLOADS:
        for name, workload in objects(overlay, kind).items():
            pod = workload["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True, name
            assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
            assert pod["automountServiceAccountToken"] is False, name
            assert {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}} in pod["volumes"], name
            for container in pod["containers"]:
                security = container["securityContext"]
                assert security["readOnlyRootFilesystem"] is True, name
                assert security["allowPrivilegeEscalation"] is False, name
                assert security["capabilities"] == {"drop": ["ALL"]}, name
                assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], name
                for bound in ("requests", "limits"):
                    assert set(container["resources"][bound]) == {"cpu", "memory"}, name
                if kind != "Job":  # a Job runs to completion: nothing to probe
                    assert "livenessProbe" in container and "readinessProbe" in container, name


def _selects(selector: dict, labels: dict) -> bool:
    """Whether a label selector (its matchLabels, and matchExpressions of operator In) selects
    the labels."""
    expressions = selector.get("matchExpressions", [])
    assert all(e["operator"] == "In" for e in expressions)
    return selector.get("matchLabels", {}).items() <= labels.items() and all(
        labels.get(e["key"]) in e["values"] for e in expressions
    )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_deployment_has_a_budget_an_autoscaler_and_a_network_policy(overlay):
    budgets = objects(overlay, "PodDisruptionBudget").values()
    autoscalers = objects(overlay, "HorizontalPodAutoscaler").values()
    policies = objects(overlay, "NetworkPolicy").values()
    for name, deployment in objects(overlay, "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert any(_selects(p["spec"]["podSelector"], labels) for p in policies)
        if name in SINGLE_REPLICA:
            continue
        assert any(_selects(b["spec"]["selector"], labels) for b in budgets), name
        targets = {a["spec"]["scaleTargetRef"]["name"] for a in autoscalers}
        assert name in targets


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_is_headless_with_a_grpc_port_and_probed_over_grpc(overlay):
    services = objects(overlay, "Service")
    deployments = objects(overlay, "Deployment")
    for service in SERVICES:
        spec = services[service]["spec"]
        assert spec["clusterIP"] == "None"
        (port,) = spec["ports"]
        assert (port["name"], port["appProtocol"], port["targetPort"]) == ("grpc", "grpc", "grpc")
        container = main_container(overlay, "Deployment", service)
        assert container.ports["grpc"] == port["port"]
        assert container.env[f"PHANANH_{service.upper()}_PORT"] == str(port["port"])
        target = f"dns:///{service}.phananh.svc.cluster.local:{port['port']}"
        assert container.env[f"PHANANH_{service.upper()}_TARGET"] == target
        (raw,) = deployments[service]["spec"]["template"]["spec"]["containers"]
        assert raw["livenessProbe"]["grpc"] == {"port": port["port"]}
        readiness = raw["readinessProbe"]["grpc"]
        assert readiness["port"] == port["port"]
        assert readiness["service"] == f"phananh.{service}.v1.{service.capitalize()}Service"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_get_longer_to_stop_than_the_shutdown_grace(overlay):
    (settings,) = (c for n, c in objects(overlay, "ConfigMap").items() if "settings" in n)
    grace = float(settings["data"]["PHANANH_SHUTDOWN_GRACE_SECONDS"])
    for deployment in objects(overlay, "Deployment").values():
        assert deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > grace


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_gateway_and_the_event_producers_reach_a_service(overlay):
    policies = objects(overlay, "NetworkPolicy")
    for service, producers in PRODUCERS.items():
        (rule,) = [
            r for r in policies[service]["spec"]["ingress"] if r["ports"][0]["port"] == "grpc"
        ]
        callers = {
            peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for peer in rule["from"]
        }
        assert callers == {"gateway", *producers}
        assert rule["ports"] == [{"port": "grpc"}]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_process_holds_the_service_key_and_the_services_listen_on_the_pod_s_address(
    overlay,
):
    deployments = objects(overlay, "Deployment")
    for name in (*SERVICES, "gateway"):
        (app,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        ref = env_entry(app, "PHANANH_SERVICE_TOKEN_KEY")["valueFrom"]["secretKeyRef"]
        assert ref == {"name": "phananh-service-token", "key": "key"}
    for service in SERVICES:
        assert main_container(overlay, "Deployment", service).env["PHANANH_GRPC_BIND"] == "[::]"


KANNEL = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "sms"}},
    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "kannel"}},
}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_kannel_reaches_the_delivery_report_port_where_sms_go_through_kannel(overlay):
    policy = objects(overlay, "NetworkPolicy")["notification"]["spec"]
    # Besides the gRPC port, and the metrics port that test_monitoring.py checks.
    others = [r for r in policy["ingress"] if r["ports"] not in ([{"port": "grpc"}], METRICS)]
    container = main_container(overlay, "Deployment", "notification")
    if container.env["PHANANH_SMS_PROVIDER"] != "kannel":
        assert others == []  # no listener: nothing else comes in
        return
    assert others == [{"from": [KANNEL], "ports": [{"port": "dlr-callback"}]}]
    # The named port is the listener's (the settings' default port), and the one that the
    # dlr-url given to Kannel names.
    assert "PHANANH_NOTIFICATION_CALLBACK_PORT" not in container.env
    assert container.ports["dlr-callback"] == 8053
    assert container.env["PHANANH_NOTIFICATION_CALLBACK_URL"].endswith(":8053")
    # Notification, in turn, reaches Kannel's sendsms.
    assert {"to": [KANNEL], "ports": [{"port": 13013}]} in policy["egress"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_a_service_reaches_its_database(overlay):
    policies = objects(overlay, "NetworkPolicy")
    for service in SERVICES:
        policy = policies[f"{service}-db"]["spec"]
        assert policy["podSelector"]["matchLabels"] == {"phananh.io/database": service}
        (rule,) = policy["ingress"]
        assert rule["from"] == [
            {"podSelector": {"matchLabels": {"phananh.io/database-client": service}}}
        ]
        clients = [
            o["metadata"]["name"]
            for kind in WORKLOADS
            for o in objects(overlay, kind).values()
            if o["spec"]["template"]["metadata"]["labels"].get("phananh.io/database-client")
            == service
        ]
        assert sorted(clients) == sorted([service, f"{service}-migrate"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_database_urls_are_secrets_and_traces_go_to_the_collector(overlay):
    for config_map in objects(overlay, "ConfigMap").values():
        assert not any("DATABASE_URL" in key for key in config_map.get("data", {}))
    collector = objects(overlay, "Service")["otel-collector"]["spec"]["ports"][0]["port"]
    for name in (*SERVICES, "gateway"):
        container = main_container(overlay, "Deployment", name)
        assert container.env["OTEL_SERVICE_NAME"] == name
        endpoint = f"http://otel-collector.phananh.svc.cluster.local:{collector}"
        assert container.env["OTEL_EXPORTER_OTLP_ENDPOINT"] == endpoint


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_migration_job_per_service_with_its_image_and_database(overlay):
    jobs = objects(overlay, "Job")
    deployments = objects(overlay, "Deployment")
    for service in SERVICES:
        (job,) = jobs[f"{service}-migrate"]["spec"]["template"]["spec"]["containers"]
        (app,) = deployments[service]["spec"]["template"]["spec"]["containers"]
        assert job["command"] == ["python", "-m", "phananh_common.migrate", service]
        assert job["image"] == app["image"]
        variable = f"PHANANH_{service.upper()}_DATABASE_URL"
        # The database URL from the same Secret.
        assert env_entry(job, variable) == env_entry(app, variable)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_service_accounts_mount_no_token(overlay):
    accounts = objects(overlay, "ServiceAccount")
    assert all(a["automountServiceAccountToken"] is False for a in accounts.values())
    for deployment in objects(overlay, "Deployment").values():
        assert deployment["spec"]["template"]["spec"]["serviceAccountName"] in accounts


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_is_probed_over_http_behind_an_ingress(overlay):
    (container,) = objects(overlay, "Deployment")["gateway"]["spec"]["template"]["spec"][
        "containers"
    ]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    (rule,) = objects(overlay, "Ingress")["gateway"]["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"] == {"name": "gateway", "port": {"name": "http"}}


def test_prod_serves_the_gateway_over_tls_and_browsers_keep_to_it():
    ingress = objects("prod", "Ingress")["gateway"]
    (tls,) = ingress["spec"]["tls"]
    assert tls["hosts"] == [rule["host"] for rule in ingress["spec"]["rules"]]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.org/hsts"] == "true"
    assert int(annotations["nginx.org/hsts-max-age"]) >= 365 * 24 * 3600


def test_dev_runs_a_postgres_statefulset_per_service():
    statefulsets = objects("dev", "StatefulSet")
    assert set(statefulsets) == {f"{s}-db" for s in SERVICES}
    for service in SERVICES:
        spec = statefulsets[f"{service}-db"]["spec"]
        assert spec["template"]["metadata"]["labels"]["phananh.io/database"] == service
        assert spec["template"]["spec"]["containers"][0]["image"] == "postgres:16"
        assert spec["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
        url = main_container("dev", "Deployment", service).env[
            f"PHANANH_{service.upper()}_DATABASE_URL"
        ]
        assert url.startswith(f"postgresql://{service}:") and f"@{service}-db:5432/" in url


def test_prod_has_a_cloudnativepg_cluster_per_service():
    clusters = objects("prod", "Cluster")
    assert set(clusters) == {f"{s}-db" for s in SERVICES}
    for service in SERVICES:
        spec = clusters[f"{service}-db"]["spec"]
        assert spec["bootstrap"]["initdb"] == {"database": service, "owner": service}
        assert spec["inheritedMetadata"]["labels"] == {"phananh.io/database": service}
        # The operator writes `<cluster>-app`; the service and its Job read its `uri`.
        (app,) = objects("prod", "Deployment")[service]["spec"]["template"]["spec"]["containers"]
        ref = env_entry(app, f"PHANANH_{service.upper()}_DATABASE_URL")["valueFrom"]["secretKeyRef"]
        assert ref == {"name": f"{service}-db-app", "key": "uri"}
    assert objects("prod", "Secret") == {}  # no credentials in the prod manifests


def test_prod_routes_to_district_clients_what_is_open_to_them_over_tls():
    gateway = objects("prod", "Gateway")["phananh-grpc"]
    (listener,) = gateway["spec"]["listeners"]
    assert (listener["protocol"], listener["port"], listener["tls"]["mode"]) == (
        "HTTPS",
        443,
        "Terminate",
    )
    assert listener["tls"]["certificateRefs"] == [{"kind": "Secret", "name": "resolution-grpc-tls"}]
    route = objects("prod", "GRPCRoute")["resolution"]["spec"]
    assert route["parentRefs"] == [{"name": "phananh-grpc", "sectionName": listener["name"]}]
    assert route["hostnames"] == [listener["hostname"]]
    services = objects("prod", "Service")
    routed = {
        (backend["name"], backend["port"]): {
            (m["method"]["service"], m["method"].get("method")) for m in rule["matches"]
        }
        for rule in route["rules"]
        for backend in rule["backendRefs"]
    }
    # Resolution's API that district clients call (whole services), its health and
    # reflection; reporting's weekly-report reads alone; never event delivery.
    public = {
        (service.full_name, None)
        for module in (resolution_pb2, accounts_pb2)
        for service in module.DESCRIPTOR.services_by_name.values()
    }
    reports = "phananh.reporting.v1.ReportingService"
    assert routed == {
        ("resolution", services["resolution"]["spec"]["ports"][0]["port"]): public
        | {(name, None) for name in OPEN_SERVICES},
        ("reporting", services["reporting"]["spec"]["ports"][0]["port"]): {
            (reports, method) for method in OPEN_TO_DISTRICT_CLIENTS
        },
    }
    assert objects("dev", "GRPCRoute") == {} and objects("dev", "Gateway") == {}


def test_prod_admits_exactly_the_district_clients_path():
    policies = objects("prod", "NetworkPolicy")
    proxies = {"gateway.networking.k8s.io/gateway-name": "phananh-grpc"}
    into_proxy = policies["phananh-grpc-gateway"]["spec"]
    assert into_proxy["podSelector"]["matchLabels"] == proxies
    assert into_proxy["ingress"] == [{"ports": [{"port": 443}]}]
    into_services = policies["services-from-grpc-gateway"]["spec"]
    selected = [
        name
        for name, deployment in objects("prod", "Deployment").items()
        if _selects(
            into_services["podSelector"], deployment["spec"]["template"]["metadata"]["labels"]
        )
    ]
    assert sorted(selected) == ["reporting", "resolution"]
    assert into_services["ingress"] == [
        {"from": [{"podSelector": {"matchLabels": proxies}}], "ports": [{"port": "grpc"}]}
    ]
    # No other policy admits the proxies.
    others = [p for n, p in policies.items() if n != "services-from-grpc-gateway"]
    assert not any("gateway.networking.k8s.io" in str(p["spec"].get("ingress")) for p in others)
