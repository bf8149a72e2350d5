"""Tracing as a process sets it up: without an exporter no span is recorded, yet every span
has a trace id that its children and the events it stores carry on; with one, spans are
recorded."""

import pytest

from phananh_common.telemetry import stored_trace, traceparent_of, tracer_provider

EXPORTER_VARIABLES = (
    "OTEL_TRACES_EXPORTER",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_TRACES_SAMPLER",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
)


def sampled(traceparent: str) -> bool:
    """The W3C flags' sampled bit of a well-formed traceparent."""
    version, trace_id, span_id, flags = traceparent.split("-")
    assert (version, len(trace_id), len(span_id)) == ("00", 32, 16)
    return bool(int(flags, 16) & 1)


@pytest.fixture
def no_exporter(monkeypatch):
    for name in EXPORTER_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_without_an_exporter_spans_are_not_recorded_but_carry_trace_ids(no_exporter):
    tracer = tracer_provider("intake").get_tracer("test")
    with tracer.start_as_current_span("request") as request:
        traceparent = traceparent_of(request)
    with tracer.start_as_current_span("event", context=stored_trace(traceparent)) as event:
        pass

    assert not request.is_recording()
    assert request.get_span_context().is_valid
    assert not sampled(traceparent)
    # The event, applied later from its stored traceparent, joins the request's trace.
    assert event.get_span_context().trace_id == request.get_span_context().trace_id
    assert event.get_span_context().span_id != request.get_span_context().span_id


def test_two_requests_get_different_trace_ids(no_exporter):
    tracer = tracer_provider("gateway").get_tracer("test")
    with tracer.start_as_current_span("first") as first:
        pass
    with tracer.start_as_current_span("second") as second:
        pass
    assert first.get_span_context().trace_id != second.get_span_context().trace_id


def test_with_an_exporter_spans_are_recorded(no_exporter, monkeypatch):
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    provider = tracer_provider("intake")
    try:
        with provider.get_tracer("test").start_as_current_span("request") as span:
            assert span.is_recording()
        assert sampled(traceparent_of(span))
    finally:
        provider.shutdown()
