"""Structured JSON logs carrying the trace and span ids of the current span.

Exception messages are left out of logs on purpose: a database error can quote a row (a
phone, an identity number). The type and the stack are enough to find the fault.
"""

import contextvars
import logging
import sys
import traceback

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

# The full name of the gRPC method being served, set by the server's interceptor.
current_rpc: contextvars.ContextVar[str] = contextvars.ContextVar("current_rpc", default="")


class _RequestContext(logging.Filter):
    """Adds the trace, the span and the method being served to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if rpc := current_rpc.get():
            record.rpc = rpc
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        return True


class _Formatter(JsonFormatter):
    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        exc_type, error, tb = ei
        stack = "".join(traceback.format_tb(tb))
        # The types of the errors it came from too: a driver's wrapper (sqlalchemy's
        # DBAPIError) says nothing of the cause (asyncpg's DeadlockDetectedError).
        causes = []
        while error is not None and len(causes) < 5:
            causes.append(f"{type(error).__module__}.{type(error).__qualname__}")
            error = error.__cause__ or error.__context__
        return stack + (
            " caused by ".join(causes) or f"{exc_type.__module__}.{exc_type.__qualname__}"
        )


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RequestContext())
    handler.setFormatter(
        _Formatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"service": service},
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Access logs with query strings would carry phone numbers; the gateway logs its own.
    logging.getLogger("uvicorn.access").disabled = True
    # It warns at every call whose client left before the handler ran (the peer is then
    # empty): only the span's peer attributes are missing, nothing an operator can act on.
    logging.getLogger("opentelemetry.instrumentation.grpc._server").setLevel(logging.ERROR)
