"""The prod overlay's metrics and alerts, for the prometheus-operator: every process serves its
metrics on a container port `metrics` apart from the ports it serves on, one PodMonitor scrapes
every such pod, only Prometheus's namespace reaches the port, and the PrometheusRule's alerts
read the series the processes serve, each with its runbook line in the deploy README. (The
CRDs have no schema in kubernetes-validate: their fields are checked here.)"""

import re

from phananh_common.config import PROCESSES, metrics_port_variable
from tests.deploy.manifests import KUSTOMIZE_ROOT, main_container, objects
from tests.e2e.test_metrics import EXPECTED
from tests.unit.test_documents import section

METRICS = [{"port": "metrics"}]
PROMETHEUS = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
# Each alert, and what its expression must hold: the threshold and window it promises.
ALERTS = {
    "PhananhEventsPending": ["phananh_outbox_oldest_pending_age_seconds", "> 300"],
    "PhananhSmsFailing": ["phananh_sms_messages_total", "[15m]", "> 0.05"],
    "PhananhDeadLetter": ['status=~"dead|failed"', "phananh_health_book_syncs_total"],
    "PhananhOverdueCasesRising": ["max by (district) (phananh_cases_overdue)"],
    "PhananhNoReadyReplicas": ["kube_deployment_status_replicas_ready", "== 0"],
}
# Every series the processes serve (tests/e2e/test_metrics.py shows them served).
SERVED = set().union(*EXPECTED.values())


def selects(selector: dict, labels: dict) -> bool:
    """Whether a label selector (matchLabels, matchExpressions with In) picks `labels`."""
    expressions = selector.get("matchExpressions", [])
    assert {e["operator"] for e in expressions} <= {"In"}
    return selector.get("matchLabels", {}).items() <= labels.items() and all(
        labels.get(e["key"]) in e["values"] for e in expressions
    )


def test_every_process_serves_metrics_on_a_port_of_its_own():
    for process in PROCESSES:
        container = main_container("prod", "Deployment", process)
        port = container.ports["metrics"]
        assert container.env[metrics_port_variable(process)] == str(port)
        assert list(container.ports.values()).count(port) == 1, process
        assert container.env["PHANANH_METRICS_BIND"] == "[::]"
    # No Service (and so no Ingress) leads to it.
    for service in objects("prod", "Service").values():
        for port in service["spec"]["ports"]:
            assert "metrics" not in (port.get("name"), port.get("targetPort"))
            assert port.get("targetPort", port["port"]) != 9464


def test_one_pod_monitor_scrapes_every_process_and_nothing_else():
    (monitor,) = objects("prod", "PodMonitor").values()
    spec = monitor["spec"]
    assert spec["podMetricsEndpoints"] == [
        {"port": "metrics", "path": "/metrics", "interval": "30s"}
    ]
    assert spec["jobLabel"] == "app.kubernetes.io/name"
    assert "namespaceSelector" not in spec  # its own namespace, the processes'
    scraped = {
        o["metadata"]["name"]
        for kind in ("Deployment", "StatefulSet", "Job")
        for o in objects("prod", kind).values()
        if selects(spec["selector"], o["spec"]["template"]["metadata"]["labels"])
    }
    assert scraped == set(PROCESSES)


def test_only_prometheus_s_namespace_reaches_the_metrics_port():
    policies = objects("prod", "NetworkPolicy")
    for process in PROCESSES:
        ingress = policies[process]["spec"]["ingress"]
        assert [r for r in ingress if r["ports"] == METRICS] == [
            {"from": [PROMETHEUS], "ports": METRICS}
        ]
        # A rule without ports would open every port, the metrics one too.
        assert all(rule.get("ports") for rule in ingress)


def test_the_alerts_read_served_series_and_each_has_its_runbook():
    (rule,) = objects("prod", "PrometheusRule").values()
    (group,) = rule["spec"]["groups"]
    alerts = {r["alert"]: r for r in group["rules"]}
    assert set(alerts) == set(ALERTS)
    runbooks = section((KUSTOMIZE_ROOT / "README.md").read_text(), "Metrics and alerts")
    for name, alert in alerts.items():
        assert all(part in alert["expr"] for part in ALERTS[name]), name
        assert alert["labels"]["severity"] in ("warning", "critical")
        assert alert["annotations"]["summary"]
        assert f"`{name}`" in runbooks
        for series in re.findall(r"\b(?:phananh|grpc|http)_[a-z_]+", alert["expr"]):
            assert series in SERVED, (name, series)
