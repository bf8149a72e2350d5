"""OpenTelemetry for one process, configured by the standard OTEL_* variables.

Spans are exported over OTLP when an endpoint or exporter is configured
(`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
`OTEL_TRACES_EXPORTER=otlp|console`). Otherwise no span is recorded (nothing would read it,
and recording costs every request and event CPU), but trace ids are still made and passed on,
for the logs.
"""

import os

from opentelemetry import context, trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator


def _exporter():
    choice = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    configured = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    )
    if choice == "console":
        return ConsoleSpanExporter()
    if choice == "none" or (not choice and not configured):
        return None
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def tracer_provider(service: str) -> TracerProvider:
    """The process's tracer provider; `Resource.create` reads OTEL_SERVICE_NAME and
    OTEL_RESOURCE_ATTRIBUTES, the service name being the fallback. With an exporter, the
    sampler is OTEL_TRACES_SAMPLER's (by default every trace); without one, none."""
    resource = (
        Resource.create({SERVICE_NAME: service})
        if not os.environ.get("OTEL_SERVICE_NAME")
        else Resource.create()
    )
    exporter = _exporter()
    provider = TracerProvider(resource=resource, sampler=None if exporter else ALWAYS_OFF)
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def configure_tracing(service: str) -> TracerProvider:
    """Installs the process's tracer provider as the global one."""
    provider = tracer_provider(service)
    trace.set_tracer_provider(provider)
    return provider


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
