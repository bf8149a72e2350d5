"""The HTTP listener for Kannel's delivery reports, inside the notification process (only with
PHANANH_SMS_PROVIDER=kannel): `GET /kannel/delivery-report?message_id=&type=&smsc_id=`, the
dlr-url each sent message names. It must be reachable by Kannel only (a NetworkPolicy on
Kubernetes). A report is kept through the `ReportWriter` (notification.reports) and the SMS
dispatcher applies it, once the message's sending is committed: it changes nothing but the
status and provider id of a sent message.

uvicorn runs on the service's event loop, without its own signal handlers: the service's
SIGTERM handling stops it, after the gRPC server turned NOT_SERVING."""

import asyncio
import contextlib
import logging
import uuid

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from notification.domain import DLR_TYPES, DeliveryReport, status_after_report
from notification.reports import ReportWriter

log = logging.getLogger(__name__)

REPORT_PATH = "/kannel/delivery-report"


def _bad(field: str, description: str) -> JSONResponse:
    body = {
        "error": {
            "code": "INVALID_ARGUMENT",
            "message": f"invalid fields: {field}",
            "field_violations": [{"field": field, "description": description}],
        }
    }
    return JSONResponse(body, status_code=400)


def report_app(writer: ReportWriter) -> Starlette:
    async def delivery_report(request: Request) -> Response:
        query = request.query_params
        try:
            message_id = uuid.UUID(query.get("message_id", ""))
        except ValueError:
            return _bad("message_id", "must be a UUID")
        report_type = query.get("type", "")
        if not report_type.isdigit() or not 0 < int(report_type) <= DLR_TYPES:
            return _bad("type", f"must be a delivery report type, 1 to {DLR_TYPES}")
        smsc_id = query.get("smsc_id", "")[:200]
        report = DeliveryReport(message_id, status_after_report(int(report_type)), smsc_id)
        try:
            found = await writer.write(report)
        except Exception:
            log.exception("a delivery report could not be kept")
            return Response(status_code=503)  # Kannel may try again
        return Response(status_code=204 if found else 404)

    return Starlette(routes=[Route(REPORT_PATH, delivery_report)])


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):
        yield  # the service owns SIGTERM and SIGINT


class DeliveryReportListener:
    def __init__(self, writer: ReportWriter, host: str, port: int):
        config = uvicorn.Config(
            report_app(writer),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        self._server = _QuietServer(config)
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises why it could not start
                raise RuntimeError("the delivery report listener did not start")
            await asyncio.sleep(0.02)
        log.info("delivery reports on port %d", self._server.config.port)

    async def stop(self) -> None:
        if self._task is not None:
            self._server.should_exit = True
            await self._task
