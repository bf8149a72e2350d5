"""Corrected records reach the health book as FHIR Immunization resources, one per dose, once:
a receiver that fails twice, then honours the conditional create, holds exactly one resource
per dose; a refusal ends as a sync failure the operator sees."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
from fhir.resources.R4B.immunization import Immunization

from phananh.events.v1.resolution_events_pb2 import RegistryRecordCorrected
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from tests.harness import (
    InProcessSystem,
    eventually,
    free_port,
    gateway_client,
    officer_channel,
    scalar,
)
from tests.notification_events import deliver, record_corrected

DOSE_SYSTEM = "urn:phananh:dose-id"


class HealthBook:
    """A FHIR server's conditional create on Immunization, after `failures` 503 answers;
    `refuse` answers 422 to everything."""

    def __init__(self, failures: int = 0, refuse: bool = False):
        self.failures = failures
        self.refuse = refuse
        self.requests = 0
        self.stored: dict[str, dict] = {}
        self.conditions: list[str] = []
        book = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                book.requests += 1
                book.conditions.append(self.headers.get("If-None-Exist", ""))
                if book.refuse:
                    return self._answer(422)
                if book.failures:
                    book.failures -= 1
                    return self._answer(503)
                key = self.headers["If-None-Exist"].removeprefix("identifier=")
                if key in book.stored:
                    return self._answer(200)
                book.stored[key] = body
                self._answer(201, f"/Immunization/{len(book.stored)}/_history/1")

            def _answer(self, status, location=None):
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/fhir"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


async def start_notification(database_urls, book):
    system = InProcessSystem(database_urls, fhir_base_url=book.url)
    await system.start("notification")
    return system


async def test_each_dose_reaches_the_health_book_once_after_failures(database_urls):
    book = HealthBook(failures=2)
    system = await start_notification(database_urls, book)
    try:
        event = record_corrected("T0020AAAAA", ["dose-a", "dose-b"])
        await deliver(system, event)
        await deliver(system, event)  # redelivered: nothing more to push

        url = system.database_urls["notification"]
        sent = "SELECT count(*) FROM healthbook_syncs WHERE status = 'SENT'"
        await eventually(lambda: _equals(url, sent, 2), timeout=30)
    finally:
        await system.stop()
        book.stop()
    assert sorted(book.stored) == [f"{DOSE_SYSTEM}|dose-a", f"{DOSE_SYSTEM}|dose-b"]
    assert book.requests >= 4  # two refused with 503, then each dose
    assert all(c.startswith(f"identifier={DOSE_SYSTEM}|dose-") for c in book.conditions)
    for key, resource in book.stored.items():
        immunization = Immunization.model_validate(resource)
        assert immunization.identifier[0].value == key.split("|")[1]
        assert immunization.status == "completed"
        assert immunization.vaccineCode.coding[0].code == "AZ"
    doses = {r["identifier"][0]["value"]: r["protocolApplied"][0] for r in book.stored.values()}
    assert doses == {"dose-a": {"doseNumberPositiveInt": 1}, "dose-b": {"doseNumberPositiveInt": 2}}


async def test_a_refused_resource_is_listed_as_a_sync_failure(database_urls):
    book = HealthBook(refuse=True)
    system = await start_notification(database_urls, book)
    try:
        await deliver(system, record_corrected("T0021BBBBB", ["d-1"]))
        url = system.database_urls["notification"]
        dead = "SELECT count(*) FROM healthbook_syncs WHERE status = 'DEAD'"
        await eventually(lambda: _equals(url, dead, 1))
        async with officer_channel(system, "notification") as channel:
            stub = notification_pb2_grpc.NotificationServiceStub(channel)
            reply = await stub.ListHealthBookSyncFailures(
                notification_pb2.ListHealthBookSyncFailuresRequest()
            )
    finally:
        await system.stop()
        book.stop()
    (failure,) = reply.syncs
    assert (failure.tracking_code, failure.dose_id, failure.attempts) == ("T0021-BBBBB", "d-1", 1)
    assert failure.last_error == "health book answered 422"
    assert failure.status == notification_pb2.MESSAGE_STATUS_DEAD


async def test_an_operator_re_drives_a_failed_push_once_the_health_book_takes_it(database_urls):
    book = HealthBook(refuse=True)
    system = await start_notification(database_urls, book)
    url = system.database_urls["notification"]
    officer = {"authorization": f"Bearer {system.token('PROVINCE_OFFICER', '75')}"}
    admin = {"authorization": f"Bearer {system.token('PROVINCE_ADMIN', '75')}"}
    try:
        await deliver(system, record_corrected("T0023DDDDD", ["d-1"]))
        dead = "SELECT count(*) FROM healthbook_syncs WHERE status = 'DEAD'"
        await eventually(lambda: _equals(url, dead, 1))
        async with gateway_client(system) as http:
            listed = await http.get("/api/v1/health-book-syncs:failed", headers=officer)
            assert listed.status_code == 200
            (failure,) = listed.json()["syncs"]
            assert failure["status"] == "DEAD"
            assert failure["last_error"] == "health book answered 422"
            path = f"/api/v1/health-book-syncs/{failure['sync_id']}:redrive"
            assert (await http.post(path, headers=officer)).status_code == 403
            bad = await http.post("/api/v1/health-book-syncs/x:redrive", headers=admin)
            assert bad.status_code == 400
            assert bad.json()["error"]["field_violations"][0]["field"] == "sync_id"

            book.refuse = False  # the health book's problem is fixed
            redriven = await http.post(path, headers=admin)
            assert redriven.status_code == 200
            assert (redriven.json()["status"], redriven.json()["attempts"]) == ("QUEUED", 0)
            sent = "SELECT count(*) FROM healthbook_syncs WHERE status = 'SENT'"
            await eventually(lambda: _equals(url, sent, 1))
            again = await http.post(path, headers=admin)  # sent: nothing to re-drive
            assert again.status_code == 400
            listed = await http.get("/api/v1/health-book-syncs:failed", headers=officer)
            assert listed.json()["syncs"] == []
    finally:
        await system.stop()
        book.stop()
    assert list(book.stored) == [f"{DOSE_SYSTEM}|d-1"]


async def test_a_dose_the_health_book_could_not_take_is_refused_by_field(database_urls):
    book = HealthBook()
    system = await start_notification(database_urls, book)
    try:
        event = record_corrected("T0022CCCCC", ["d-1", "d-2"])
        message = RegistryRecordCorrected()
        event.payload.Unpack(message)
        message.doses[1].ClearField("vaccinated_on")
        event.payload.Pack(message)
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await deliver(system, event)
        assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "doses[1]" in error.value.details()
        url = system.database_urls["notification"]
        assert await scalar(url, "SELECT count(*) FROM healthbook_syncs") == 0
    finally:
        await system.stop()
        book.stop()


async def _equals(url, sql, expected) -> bool:
    return await scalar(url, sql) == expected
