"""OpenTelemetry for one process, configured by the standard OTEL_* variables.

Spans are exported when an exporter or an OTLP endpoint is configured
(`OTEL_TRACES_EXPORTER=otlp|console`, `OTEL_EXPORTER_OTLP_ENDPOINT` or
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`): the SDK's own configuration picks the exporter, OTLP
over gRPC or over HTTP by `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` (`grpc`, `http/protobuf`),
and the exporter reads its endpoint, headers, timeout and compression from theirs. Otherwise
no span is recorded (nothing would read it, and recording costs every request and event CPU),
but trace ids are still made and passed on, for the logs.
"""

import os

from opentelemetry import context, trace

# The SDK's own resolution of OTEL_TRACES_EXPORTER and the OTLP protocol, as
# `opentelemetry-instrument` does it (the SDK exposes it under these names only).
from opentelemetry.sdk._configuration import (
    _get_exporter_entry_point,
    _get_exporter_names,
    _import_exporters,
)
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator


def _exporters() -> list[SpanExporter]:
    """The exporters OTEL_TRACES_EXPORTER names; unset, OTLP when an endpoint is given."""
    if os.environ.get("OTEL_TRACES_EXPORTER", "").strip():
        names = _get_exporter_names("traces")
    elif os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    ):
        names = [_get_exporter_entry_point("otlp", "traces")]
    else:
        return []
    exporters, _, _ = _import_exporters(names, [], [])
    return [exporter() for exporter in exporters.values()]


def tracer_provider(service: str) -> TracerProvider:
    """The process's tracer provider; `Resource.create` reads OTEL_SERVICE_NAME and
    OTEL_RESOURCE_ATTRIBUTES, the service name being the fallback. With an exporter, the
    sampler is OTEL_TRACES_SAMPLER's (by default every trace); without one, none."""
    resource = (
        Resource.create({SERVICE_NAME: service})
        if not os.environ.get("OTEL_SERVICE_NAME")
        else Resource.create()
    )
    exporters = _exporters()
    provider = TracerProvider(resource=resource, sampler=None if exporters else ALWAYS_OFF)
    for exporter in exporters:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def configure_tracing(service: str) -> TracerProvider:
    """Installs the process's tracer provider as the global one."""
    provider = tracer_provider(service)
    trace.set_tracer_provider(provider)
    return provider


def spans_recorded() -> bool:
    """Whether this process records spans (configure_tracing found an exporter)."""
    provider = trace.get_tracer_provider()
    return isinstance(provider, TracerProvider) and provider.sampler is not ALWAYS_OFF


def shutdown_tracing() -> None:
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.shutdown()


def current_traceparent() -> str | None:
    """The current span as a W3C traceparent, to store beside work done later (an outbox
    event, a queued SMS), so that the later work joins the trace."""
    return traceparent_of(trace.get_current_span()) or None


def traceparent_of(span: trace.Span) -> str:
    """`span` as a W3C traceparent ("" when it is not recording a trace)."""
    carrier: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(carrier, context=trace.set_span_in_context(span))
    return carrier.get("traceparent", "")


def stored_trace(traceparent: str | None) -> context.Context:
    """The context of a stored traceparent (an empty one when none was stored)."""
    return TraceContextTextMapPropagator().extract({"traceparent": traceparent or ""})
