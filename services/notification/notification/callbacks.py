"""The HTTP listener for Kannel's delivery reports, inside the notification process (only with
PHANANH_SMS_PROVIDER=kannel): `GET /kannel/delivery-report?message_id=&type=&smsc_id=`, the
dlr-url each sent message names. It must be reachable by Kannel only (a NetworkPolicy on
Kubernetes); a report changes nothing but the status of a message that was sent.

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

from notification.domain import DLR_MASK, status_after_report
from notification.store import NotificationStore

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


def report_app(store: NotificationStore) -> Starlette:
    async def delivery_report(request: Request) -> Response:
        query = request.query_params
        try:
            message_id = uuid.UUID(query.get("message_id", ""))
        except ValueError:
            return _bad("message_id", "must be a UUID")
        report_type = query.get("type", "")
        if not report_type.isdigit() or not 0 < int(report_type) <= DLR_MASK:
            return _bad("type", f"must be a delivery report type, 1 to {DLR_MASK}")
        smsc_id = query.get("smsc_id", "")[:200]
        found = await store.apply_delivery_report(
            message_id, status_after_report(int(report_type)), smsc_id
        )
        return Response(status_code=204 if found else 404)

    return Starlette(routes=[Route(REPORT_PATH, delivery_report)])


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):
        yield  # the service owns SIGTERM and SIGINT


class DeliveryReportListener:
    def __init__(self, store: NotificationStore, host: str, port: int):
        config = uvicorn.Config(
            report_app(store),
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
