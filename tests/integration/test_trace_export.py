"""Spans leave a process over OTLP by either protocol that OTEL_EXPORTER_OTLP_PROTOCOL names,
to a real receiver of that protocol, as a collector's `otlp` (gRPC) or `otlphttp` receiver
takes them."""

import pytest

from phananh_common.telemetry import tracer_provider
from tests.e2e.otlp_receiver import OtlpHttpReceiver, OtlpReceiver
from tests.unit.test_tracing_setup import EXPORTER_VARIABLES


@pytest.fixture(params=[OtlpReceiver, OtlpHttpReceiver], ids=["grpc", "http/protobuf"])
def receiver(request, monkeypatch):
    for name in EXPORTER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with request.param() as receiver:
        for name, value in receiver.env().items():
            monkeypatch.setenv(name, value)
        yield receiver


def one_span_arrives(receiver) -> None:
    provider = tracer_provider("intake")
    try:
        with provider.get_tracer("test").start_as_current_span("SubmitComplaint") as span:
            trace_id = format(span.get_span_context().trace_id, "032x")
        assert provider.force_flush(10_000)
    finally:
        provider.shutdown()
    assert [(s.service, s.name, s.trace_id) for s in receiver.spans] == [
        ("intake", "SubmitComplaint", trace_id)
    ]


def test_spans_reach_a_receiver_of_the_configured_protocol(receiver):
    one_span_arrives(receiver)


def test_the_traces_own_variable_names_the_protocol_over_the_general_one(receiver, monkeypatch):
    """OTEL_EXPORTER_OTLP_TRACES_PROTOCOL wins: a wrong general protocol does not matter."""
    protocol = receiver.env().get("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", protocol)
    monkeypatch.setenv(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc" if protocol == "http/protobuf" else "http/protobuf"
    )
    one_span_arrives(receiver)
