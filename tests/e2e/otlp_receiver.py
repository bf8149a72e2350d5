"""Real OTLP trace receivers in the test process, over gRPC and over HTTP (protobuf): the
processes export to them exactly as they would to an OpenTelemetry Collector."""

import gzip
import threading
from concurrent import futures
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    trace_id: str
    span_id: str
    parent_id: str
    kind: int
    attributes: dict


def spans_of(request: trace_service_pb2.ExportTraceServiceRequest) -> list[Span]:
    received = []
    for resource_spans in request.resource_spans:
        service = next(
            (
                a.value.string_value
                for a in resource_spans.resource.attributes
                if a.key == "service.name"
            ),
            "",
        )
        for scope_spans in resource_spans.scope_spans:
            for s in scope_spans.spans:
                received.append(
                    Span(
                        service=service,
                        name=s.name,
                        trace_id=s.trace_id.hex(),
                        span_id=s.span_id.hex(),
                        parent_id=s.parent_span_id.hex(),
                        kind=s.kind,
                        attributes={a.key: str(a.value) for a in s.attributes},
                    )
                )
    return received


class ReceivedSpans:
    """What a receiver was sent, kept for the test to read (its servers answer on threads);
    a receiver runs for the length of a `with` block."""

    def __init__(self):
        self._lock = threading.Lock()
        self._spans: list[Span] = []

    def add(self, request: trace_service_pb2.ExportTraceServiceRequest) -> None:
        received = spans_of(request)
        with self._lock:
            self._spans.extend(received)

    @property
    def spans(self) -> list[Span]:
        with self._lock:
            return list(self._spans)

    def __enter__(self):
        return self.start()

    def __exit__(self, *_):
        self.stop()


# What points a process's exporter at a receiver, exporting often.
EXPORT_OFTEN = {"OTEL_BSP_SCHEDULE_DELAY": "200"}


class OtlpReceiver(ReceivedSpans, trace_service_pb2_grpc.TraceServiceServicer):
    """OTLP over gRPC, the exporters' default protocol."""

    def __init__(self):
        super().__init__()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(self, self._server)
        self.port = self._server.add_insecure_port("127.0.0.1:0")

    def Export(self, request, context):  # noqa: N802 (gRPC's name)
        self.add(request)
        return trace_service_pb2.ExportTraceServiceResponse()

    def start(self) -> "OtlpReceiver":
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop(grace=None)

    def env(self) -> dict[str, str]:
        return EXPORT_OFTEN | {
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{self.port}",
            "OTEL_EXPORTER_OTLP_INSECURE": "true",
        }


class OtlpHttpReceiver(ReceivedSpans):
    """OTLP over HTTP with protobuf bodies (`POST /v1/traces`), as a collector's `otlphttp`
    receiver takes it."""

    def __init__(self):
        super().__init__()
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces":
                    self.send_error(404)
                    return
                received.add(trace_service_pb2.ExportTraceServiceRequest.FromString(body))
                answer = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_):
                pass  # the test's output is not the place for each export

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]

    def start(self) -> "OtlpHttpReceiver":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def env(self) -> dict[str, str]:
        return EXPORT_OFTEN | {
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{self.port}",
        }
