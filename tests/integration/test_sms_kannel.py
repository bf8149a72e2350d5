"""SMS through a real Kannel (bearerbox, smsbox, the fake SMSC), started once for the module:
one SMS per outcome whatever the redeliveries, delivery reports back to the message, retries
while Kannel is down, and a permanent refusal that ends as a dead letter an operator
re-drives."""

import asyncio

import pytest

from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from tests.harness import InProcessSystem, eventually, free_port, officer_channel
from tests.kannel import PASSWORD, USERNAME, Kannel
from tests.notification_events import (
    case_decided,
    case_resolved,
    complaint_submitted,
    deliver,
    messages_of,
    published_statuses,
    shown,
)
from tests.notification_events import new_complaint as complaint

SENDER = "SYTDONGNAI"


@pytest.fixture(scope="module")
def kannel(tmp_path_factory):
    kannel = Kannel(tmp_path_factory.mktemp("kannel"))
    kannel.start()
    yield kannel
    kannel.stop()


def kannel_settings(kannel: Kannel, password: str = PASSWORD) -> dict:
    return {
        "sms_provider": "kannel",
        "kannel_url": kannel.url,
        "kannel_username": USERNAME,
        "kannel_password": password,
        "sms_sender": SENDER,
        "callback_port": free_port(),
        "callback_host": "127.0.0.1",
        # Fewer than an outage takes: Kannel down uses up no message's attempts.
        "sms_max_attempts": 2,
    }


@pytest.fixture
async def notification(database_urls, kannel):
    system = InProcessSystem(database_urls, **kannel_settings(kannel))
    await system.start("notification")
    yield system
    await system.stop()


def sms_to(kannel, phone):
    return [m for m in kannel.received() if m.to == phone]


async def test_a_resolved_complaint_sends_one_sms_with_its_outcome(notification, kannel):
    complaint_id, code, phone = complaint(1)
    await deliver(notification, complaint_submitted(complaint_id, code, phone))
    resolved = case_resolved(complaint_id, code, "FULL")
    # The producer's relay may deliver an event more than once, even at the same time.
    await asyncio.gather(*(deliver(notification, resolved) for _ in range(3)))

    async def both_delivered():
        statuses = [m.status for m in await messages_of(notification, code)]
        return statuses == [notification_pb2.MESSAGE_STATUS_DELIVERED] * 2

    await eventually(both_delivered, timeout=60)
    received = sms_to(kannel, phone)
    assert [m.text for m in received] == [
        f"Da tiep nhan phan anh chung nhan tiem COVID-19. Ma tra cuu: {shown(code)}. "
        "Ket qua se duoc bao qua SMS.",
        f"Phan anh {shown(code)} da duoc xu ly, ho so tiem da cap nhat. Chung nhan: mau xanh.",
    ]
    assert {m.sender for m in received} == {SENDER}
    # The delivery report carried the SMSC's id of each message.
    assert all(m.provider_message_id for m in await messages_of(notification, code))
    # Each status was published for reporting, in the transaction that set it.
    database_url = notification.database_urls["notification"]
    assert await published_statuses(database_url, complaint_id) == sorted(
        (f"MESSAGE_KIND_{kind}", f"MESSAGE_STATUS_{status}")
        for kind in ("COMPLAINT_RECEIVED", "RESOLVED")
        for status in ("SENT", "DELIVERED")
    )
    await deliver(notification, resolved)
    await asyncio.sleep(1)
    assert len(sms_to(kannel, phone)) == 2


async def test_kannel_down_for_a_while_the_message_arrives_once_after_retries(notification, kannel):
    complaint_id, code, phone = complaint(2)
    kannel.stop()
    try:
        await deliver(notification, complaint_submitted(complaint_id, code, phone))

        async def retried_past_the_limit():
            (message,) = await messages_of(notification, code)
            return message.attempts >= 3

        await eventually(retried_past_the_limit, timeout=60)
        (message,) = await messages_of(notification, code)
        assert message.status == notification_pb2.MESSAGE_STATUS_QUEUED
        assert message.last_error.startswith("kannel unreachable")
    finally:
        kannel.start()

    await eventually(lambda: _has_sms(kannel, phone), timeout=60)
    await asyncio.sleep(1)
    assert len(sms_to(kannel, phone)) == 1
    (message,) = await messages_of(notification, code)
    assert message.attempts >= 3
    assert message.status in (
        notification_pb2.MESSAGE_STATUS_SENT,
        notification_pb2.MESSAGE_STATUS_DELIVERED,
    )


async def test_a_refused_message_is_a_dead_letter_and_redrive_sends_it(database_urls, kannel):
    complaint_id, code, phone = complaint(3)
    # Kannel refuses the credentials: a permanent failure, not worth retrying.
    system = InProcessSystem(database_urls, **kannel_settings(kannel, password="wrong"))
    await system.start("notification")
    try:
        await deliver(system, complaint_submitted(complaint_id, code, phone))
        await deliver(
            system,
            case_decided(
                complaint_id,
                code,
                "REJECTED",
                reason_code="PHOTO_UNREADABLE",
                citizen_advice="Mang giấy chứng nhận đến cơ sở tiêm.",
            ),
        )

        async def both_dead():
            statuses = [m.status for m in await messages_of(system, code)]
            return statuses == [notification_pb2.MESSAGE_STATUS_DEAD] * 2

        await eventually(both_dead, timeout=60)
        async with officer_channel(system, "notification") as channel:
            stub = notification_pb2_grpc.NotificationServiceStub(channel)
            dead = await stub.ListDeadLetters(notification_pb2.ListDeadLettersRequest())
        assert {m.tracking_code for m in dead.messages} == {shown(code)}
        assert all("403" in m.last_error and m.attempts == 1 for m in dead.messages)
        assert sms_to(kannel, phone) == []
    finally:
        await system.stop()

    # The operator corrects the credentials, restarts notification and re-drives one letter.
    system.overrides["kannel_password"] = PASSWORD
    await system.start("notification")
    try:
        async with officer_channel(system, "notification") as channel:
            stub = notification_pb2_grpc.NotificationServiceStub(channel)
            rejected = next(
                m for m in dead.messages if m.kind == notification_pb2.MESSAGE_KIND_REJECTED
            )
            reply = await stub.RedriveMessage(
                notification_pb2.RedriveMessageRequest(message_id=rejected.message_id)
            )
            assert reply.message.status == notification_pb2.MESSAGE_STATUS_QUEUED
            assert reply.message.attempts == 0
            await eventually(lambda: _has_sms(kannel, phone), timeout=60)
            await asyncio.sleep(1)
            assert [m.text for m in sms_to(kannel, phone)] == [
                f"Phan anh {shown(code)} khong duoc chap nhan: anh bi mo. "
                "Mang giay chung nhan den co so tiem."
            ]
            again = await stub.ListDeadLetters(notification_pb2.ListDeadLettersRequest())
            assert [m.kind for m in again.messages] == [
                notification_pb2.MESSAGE_KIND_COMPLAINT_RECEIVED
            ]
    finally:
        await system.stop()


async def _has_sms(kannel, phone) -> bool:
    return bool(sms_to(kannel, phone))
