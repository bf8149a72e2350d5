"""The HTTP listener for Kannel's delivery reports, inside the notification process (only with
PHANANH_SMS_PROVIDER=kannel): `GET /kannel/delivery-report?message_id=&type=&smsc_id=`, the
dlr-url each sent message names. It must be reachable by Kannel only (a NetworkPolicy on
Kubernetes). A report is kept (`delivery_reports`) and the SMS dispatcher applies it, once the
message's sending is committed: it changes nothing but the status and provider id of a sent
message.

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

from notification.domain import DLR_TYPES, status_after_report
from notification.store import DeliveryReport, NotificationStore

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


class ReportWriter:
    """Writes the reports in groups: each request waits for the commit of its group (Kannel
    hears 204 once its report is kept), and all the reports that came in meanwhile share the
    next transaction, so a burst of reports costs a few transactions, not one each."""

    def __init__(self, store: NotificationStore):
        self._store = store
        self._pending: list[tuple[DeliveryReport, asyncio.Future]] = []
        self._arrived = asyncio.Event()

    async def write(self, report: DeliveryReport) -> bool:
        """Whether the report's message is known (the report is then kept)."""
        written = asyncio.get_running_loop().create_future()
        self._pending.append((report, written))
        self._arrived.set()
        return await written

    async def run(self) -> None:
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            group, self._pending = self._pending, []
            try:
                known = await self._store.record_delivery_reports([r for r, _ in group])
            except Exception as error:  # noqa: BLE001 (each waiting request answers it)
                for _, written in group:
                    written.set_exception(error)
                continue
            for report, written in group:
                written.set_result(report.message_id in known)


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
    def __init__(self, store: NotificationStore, host: str, port: int):
        self._writer = ReportWriter(store)
        config = uvicorn.Config(
            report_app(self._writer),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        self._server = _QuietServer(config)
        self._task: asyncio.Task | None = None
        self._writing: asyncio.Task | None = None

    async def start(self) -> None:
        self._writing = asyncio.create_task(self._writer.run())
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
        if self._writing is not None:
            self._writing.cancel()
            await asyncio.gather(self._writing, return_exceptions=True)
