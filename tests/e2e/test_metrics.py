"""Metrics and traces as an operator's Prometheus and OpenTelemetry Collector see them: every
process of a whole system answers on its own metrics port (never the public one) with the
series the alerts read, the outbox gauges follow a consumer that stops and comes back, and the
traces leave over OTLP/HTTP."""

import secrets
import signal

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from phananh_common.config import PROCESSES, metrics_port_variable
from phananh_common.stack import Stack
from tests.e2e.conftest import stack_env
from tests.e2e.otlp_receiver import OtlpHttpReceiver
from tests.e2e.test_tracing import traced
from tests.factories import Complaints
from tests.harness import eventually, free_port

EVERY_PROCESS = {"process_cpu_seconds_total", "process_resident_memory_bytes"}
EVERY_SERVICE = EVERY_PROCESS | {
    "grpc_server_handled_total",
    "grpc_server_handling_seconds_bucket",
    "grpc_server_handling_seconds_count",
}
PRODUCER = EVERY_SERVICE | {
    "phananh_outbox_pending_events",
    "phananh_outbox_oldest_pending_age_seconds",
}
EXPECTED = {
    "gateway": EVERY_PROCESS | {"http_server_request_duration_seconds_bucket"},
    "intake": PRODUCER,
    "resolution": PRODUCER | {"phananh_cases_open", "phananh_cases_overdue"},
    "notification": PRODUCER | {"phananh_sms_messages_total", "phananh_health_book_syncs_total"},
    "reporting": EVERY_SERVICE,
}


@pytest.fixture(scope="module")
def otlp_http():
    with OtlpHttpReceiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def metrics_ports() -> dict[str, int]:
    return {process: free_port() for process in PROCESSES}


@pytest.fixture(scope="module")
def stack(tmp_path_factory, otlp_http, metrics_ports):
    """The system with every metrics port set, its traces sent over OTLP/HTTP, and a short
    delivery deadline: a stopped consumer's deliveries fail within a second."""
    env = stack_env(**otlp_http.env(), PHANANH_DELIVERY_DEADLINE_SECONDS="1")
    env |= {metrics_port_variable(p): str(port) for p, port in metrics_ports.items()}
    stack = Stack(tmp_path_factory.mktemp("data"), env)
    stack.start()
    yield stack
    stack.stop()


def scrape(port: int) -> dict[str, list]:
    """The samples of a metrics port, by sample name."""
    reply = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
    assert reply.status_code == 200
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(reply.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append(sample)
    return samples


def value(samples: dict[str, list], name: str, **labels) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    return sum(s.value for s in samples.get(name, []) if labels.items() <= s.labels.items())


async def test_every_process_answers_with_its_series(stack, http, metrics_ports):
    body = Complaints(61).json()
    reply = await http.post("/api/v1/complaints", json=body)
    assert reply.status_code == 201

    async def counted():
        sms = scrape(metrics_ports["notification"])
        return value(sms, "phananh_sms_messages_total", kind="COMPLAINT_RECEIVED", status="sent")

    await eventually(counted, timeout=30)
    found = {process: scrape(port) for process, port in metrics_ports.items()}
    for process, names in EXPECTED.items():
        assert names <= found[process].keys(), (process, names - found[process].keys())

    gateway = found["gateway"]
    assert (
        value(
            gateway,
            "http_server_request_duration_seconds_count",
            method="POST",
            route="/api/v1/complaints",
            status="201",
        )
        == 1
    )
    # The route's template, never a path with a code in it.
    routes = {s.labels["route"] for s in gateway["http_server_request_duration_seconds_count"]}
    assert reply.json()["tracking_code"] not in " ".join(routes)
    intake = found["intake"]
    submitted = dict(grpc_service="phananh.intake.v1.IntakeService", grpc_method="SubmitComplaint")
    assert value(intake, "grpc_server_handled_total", grpc_code="OK", **submitted) == 1
    assert value(intake, "grpc_server_handling_seconds_count", **submitted) == 1
    assert value(intake, "process_resident_memory_bytes") > 0

    async def case_counted():
        return value(scrape(metrics_ports["resolution"]), "phananh_cases_open", district="731")

    await eventually(case_counted, timeout=30)


async def test_a_refused_call_is_counted_by_its_status(stack, http, metrics_ports):
    reply = await http.get("/api/v1/complaints/KHONG-CO-MA", params={"phone": "0912345678"})
    assert reply.status_code == 404
    intake = scrape(metrics_ports["intake"])
    assert value(intake, "grpc_server_handled_total", grpc_code="NOT_FOUND") >= 1
    gateway = scrape(metrics_ports["gateway"])
    assert (
        value(
            gateway,
            "http_server_request_duration_seconds_count",
            route="/api/v1/complaints/{tracking_code}",
            status="404",
        )
        == 1
    )


async def test_metrics_are_not_served_on_the_public_port(stack, http, metrics_ports):
    assert stack.http_port not in metrics_ports.values()
    assert (await http.get("/metrics")).status_code == 404


async def test_outbox_gauges_rise_while_a_consumer_is_stopped_and_fall_when_it_returns(
    stack, http, metrics_ports
):
    def reporting_backlog() -> tuple[float, float]:
        intake = scrape(metrics_ports["intake"])
        return (
            value(intake, "phananh_outbox_pending_events", consumer="reporting"),
            value(intake, "phananh_outbox_oldest_pending_age_seconds", consumer="reporting"),
        )

    reporting = stack.processes["reporting"]
    reporting.send_signal(signal.SIGSTOP)
    try:
        reply = await http.post("/api/v1/complaints", json=Complaints(62).json())
        assert reply.status_code == 201

        async def pending():
            events, age = reporting_backlog()
            return events >= 1 and age > 0

        await eventually(pending, timeout=30)
    finally:
        reporting.send_signal(signal.SIGCONT)

    async def delivered():
        return reporting_backlog() == (0, 0)

    await eventually(delivered, timeout=60)


async def test_traces_reach_an_otlp_http_receiver(stack, http, otlp_http):
    trace_id = secrets.token_hex(16)
    body = Complaints(63).json()
    reply = await http.post(
        "/api/v1/complaints", json=body, headers={"traceparent": traced(trace_id)}
    )
    assert reply.status_code == 201

    async def exported():
        services = {s.service for s in otlp_http.spans if s.trace_id == trace_id}
        return {"gateway", "intake", "resolution", "notification", "reporting"} <= services

    await eventually(exported, timeout=30)
