"""Registry changes reach the health book as FHIR transaction Bundles, one per change, once,
in order per citizen: a receiver that fails twice, then takes them, holds each resource once;
a refusal ends as a sync failure the operator sees with the health book's OperationOutcome,
and re-drives."""

import uuid

import grpc
import pytest
from fhir.resources.R4B.bundle import Bundle

from phananh.events.v1.resolution_events_pb2 import RegistryRecordChanged
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from tests.fhir_server import REFUSAL, HealthBook
from tests.harness import (
    InProcessSystem,
    eventually,
    gateway_client,
    officer_channel,
    scalar,
)
from tests.notification_events import deliver, record_changed

DOSE_SYSTEM = "urn:phananh:dose-id"
PERSON_SYSTEM = "urn:phananh:national-id"
SENT = "SELECT count(*) FROM healthbook_syncs WHERE status = 'SENT'"
DEAD = "SELECT count(*) FROM healthbook_syncs WHERE status = 'DEAD'"


async def start_notification(database_urls, book):
    system = InProcessSystem(database_urls, fhir_base_url=book.url)
    await system.start("notification")
    return system


async def test_a_change_reaches_the_health_book_once_after_failures(database_urls):
    book = HealthBook(failures=2)
    system = await start_notification(database_urls, book)
    try:
        event = record_changed("T0020AAAAA", ["dose-a", "dose-b"])
        await deliver(system, event)
        await deliver(system, event)  # redelivered: nothing more to push

        url = system.database_urls["notification"]
        await eventually(lambda: _equals(url, SENT, 1), timeout=30)
    finally:
        await system.stop()
        book.stop()
    assert len(book.requests) == 3  # two refused with 503, then the Bundle
    bundle = Bundle.model_validate(book.requests[-1])
    assert bundle.type == "transaction"
    assert [(e.request.method, e.request.url) for e in bundle.entry] == [
        ("PUT", f"Patient?identifier={PERSON_SYSTEM}|075090001234"),
        ("PUT", f"Immunization?identifier={DOSE_SYSTEM}|dose-a"),
        ("PUT", f"Immunization?identifier={DOSE_SYSTEM}|dose-b"),
    ]
    patient = book.stored[f"Patient?identifier={PERSON_SYSTEM}|075090001234"]
    assert (patient["name"][0]["text"], patient["birthDate"], patient["gender"]) == (
        "Lê Văn Tám",
        "1990-05-17",
        "male",
    )
    doses = [v for k, v in book.stored.items() if k.startswith("Immunization")]
    assert [d["protocolApplied"][0]["doseNumberPositiveInt"] for d in doses] == [1, 2]
    assert all(
        d["status"] == "completed" and d["patient"]["reference"] == "Patient/1" for d in doses
    )


async def test_a_citizens_changes_are_pushed_in_order(database_urls):
    book = HealthBook(failures=1)
    system = await start_notification(database_urls, book)
    citizen = str(uuid.uuid4())
    try:
        # The later change arrives first and waits for the earlier, which fails once.
        await deliver(system, record_changed("T0024EEEEE", ["d-1"], citizen, sequence=1))
        later = record_changed("T0024EEEEE", ["d-1", "d-2"], citizen, sequence=7)
        await deliver(system, later)
        url = system.database_urls["notification"]
        await eventually(lambda: _equals(url, SENT, 2), timeout=30)
    finally:
        await system.stop()
        book.stop()
    taken = [r for r in book.requests[1:]]
    assert [len(r["entry"]) for r in taken] == [2, 3]


async def test_a_refused_bundle_is_listed_with_the_health_books_answer(database_urls):
    book = HealthBook(refuse=True)
    system = await start_notification(database_urls, book)
    try:
        event = record_changed("T0021BBBBB", ["d-1"])
        await deliver(system, event)
        url = system.database_urls["notification"]
        await eventually(lambda: _equals(url, DEAD, 1))
        async with officer_channel(system, "notification") as channel:
            stub = notification_pb2_grpc.NotificationServiceStub(channel)
            reply = await stub.ListHealthBookSyncFailures(
                notification_pb2.ListHealthBookSyncFailuresRequest()
            )
    finally:
        await system.stop()
        book.stop()
    (failure,) = reply.syncs
    changed = RegistryRecordChanged()
    event.payload.Unpack(changed)
    assert (failure.tracking_code, failure.citizen_id, failure.attempts) == (
        "T0021-BBBBB",
        changed.citizen_id,
        1,
    )
    assert failure.last_error == "health book answered 422"
    assert failure.status == notification_pb2.MESSAGE_STATUS_DEAD
    assert Bundle.model_validate(book.requests[0]).type == "transaction"


async def test_an_operator_re_drives_a_refused_bundle_once_the_health_book_takes_it(
    database_urls,
):
    book = HealthBook(refuse=True)
    system = await start_notification(database_urls, book)
    url = system.database_urls["notification"]
    officer = {"authorization": f"Bearer {system.token('PROVINCE_OFFICER', '75')}"}
    admin = {"authorization": f"Bearer {system.token('PROVINCE_ADMIN', '75')}"}
    try:
        await deliver(system, record_changed("T0023DDDDD", ["d-1"]))
        await eventually(lambda: _equals(url, DEAD, 1))
        async with gateway_client(system) as http:
            listed = await http.get("/api/v1/health-book-syncs:failed", headers=officer)
            assert listed.status_code == 200
            (failure,) = listed.json()["syncs"]
            assert failure["status"] == "DEAD"
            assert failure["last_error"] == "health book answered 422"
            assert failure["operation_outcome"] == REFUSAL
            path = f"/api/v1/health-book-syncs/{failure['sync_id']}:redrive"
            assert (await http.post(path, headers=officer)).status_code == 403
            bad = await http.post("/api/v1/health-book-syncs/x:redrive", headers=admin)
            assert bad.status_code == 400
            assert bad.json()["error"]["field_violations"][0]["field"] == "sync_id"

            book.refuse = False  # the health book's problem is fixed
            redriven = await http.post(path, headers=admin)
            assert redriven.status_code == 200
            assert (redriven.json()["status"], redriven.json()["attempts"]) == ("QUEUED", 0)
            await eventually(lambda: _equals(url, SENT, 1))
            again = await http.post(path, headers=admin)  # sent: nothing to re-drive
            assert again.status_code == 400
            listed = await http.get("/api/v1/health-book-syncs:failed", headers=officer)
            assert listed.json()["syncs"] == []
    finally:
        await system.stop()
        book.stop()
    assert list(book.stored) == [
        "Patient?identifier=urn:phananh:national-id|075090001234",
        f"Immunization?identifier={DOSE_SYSTEM}|d-1",
    ]


async def test_a_dose_the_health_book_could_not_take_is_refused_by_field(database_urls):
    book = HealthBook()
    system = await start_notification(database_urls, book)
    try:
        event = record_changed("T0022CCCCC", ["d-1", "d-2"])
        message = RegistryRecordChanged()
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
