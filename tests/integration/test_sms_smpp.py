"""SMS over SMPP 3.4 to a real SMSC (node-smpp's server, tests/smsc.py), started once for the
module: one submit_sm per SMS with the sender name, its receipt marking the message
delivered, retries while the SMSC is down or throttling, a refused number ending as a dead
letter an operator re-drives, UCS-2 and concatenated parts in Unicode mode."""

import asyncio
import logging

import pytest

from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from tests.harness import InProcessSystem, eventually, officer_channel
from tests.notification_events import (
    case_decided,
    case_resolved,
    complaint_submitted,
    deliver,
    messages_of,
    shown,
)
from tests.notification_events import new_complaint as complaint
from tests.smsc import ESME_RINVDSTADR, PASSWORD, SYSTEM_ID, Smsc

SENDER = "SYTDONGNAI"
DELIVERED = notification_pb2.MESSAGE_STATUS_DELIVERED
TON_ALPHANUMERIC = 5
UDH_INDICATOR = 0x40


@pytest.fixture(scope="module")
def smsc(tmp_path_factory):
    smsc = Smsc(tmp_path_factory.mktemp("smsc"))
    smsc.start()
    yield smsc
    smsc.stop()


def smpp_settings(smsc: Smsc, **more) -> dict:
    return {
        "sms_provider": "smpp",
        "smpp_host": "127.0.0.1",
        "smpp_port": smsc.port,
        "smpp_system_id": SYSTEM_ID,
        "smpp_password": PASSWORD,
        "sms_sender": SENDER,
        # Fewer than an outage takes: the SMSC down uses up no message's attempts.
        "sms_max_attempts": 2,
        **more,
    }


@pytest.fixture
async def notification(database_urls, smsc):
    system = InProcessSystem(database_urls, **smpp_settings(smsc))
    await system.start("notification")
    yield system
    await system.stop()


def statuses_are(system, code, expected):
    async def check():
        return [m.status for m in await messages_of(system, code)] == expected

    return check


async def test_a_resolved_complaint_reaches_the_smsc_once_and_its_receipt_marks_it_delivered(
    notification, smsc
):
    complaint_id, code, phone = complaint(11)
    await deliver(notification, complaint_submitted(complaint_id, code, phone))
    resolved = case_resolved(complaint_id, code, "FULL")
    # The producer's relay may deliver an event more than once, even at the same time.
    await asyncio.gather(*(deliver(notification, resolved) for _ in range(3)))

    await eventually(statuses_are(notification, code, [DELIVERED] * 2), timeout=60)
    received = smsc.accepted(phone)
    # Claimed together, the two are sent at once: the SMSC may take either first.
    assert sorted(m.text for m in received) == [
        f"Da tiep nhan phan anh chung nhan tiem COVID-19. Ma tra cuu: {shown(code)}. "
        "Ket qua se duoc bao qua SMS.",
        f"Phan anh {shown(code)} da duoc xu ly, ho so tiem da cap nhat. Chung nhan: mau xanh.",
    ]
    assert {(m.source_addr, m.source_addr_ton, m.data_coding) for m in received} == {
        (SENDER, TON_ALPHANUMERIC, 0)
    }
    # The SMSC's message_id is the message's provider id.
    messages = await messages_of(notification, code)
    assert {m.provider_message_id for m in messages} == {m.message_id for m in received}
    await deliver(notification, resolved)
    await asyncio.sleep(1)
    assert len(smsc.submitted(phone)) == 2


async def test_the_smsc_down_for_a_while_the_message_arrives_once_after_retries(
    notification, smsc, caplog
):
    complaint_id, code, phone = complaint(12)
    caplog.set_level(logging.INFO)
    smsc.stop()
    try:
        await deliver(notification, complaint_submitted(complaint_id, code, phone))

        async def retried_past_the_limit():
            (message,) = await messages_of(notification, code)
            return message.attempts >= 3

        await eventually(retried_past_the_limit, timeout=60)
        (message,) = await messages_of(notification, code)
        assert message.status == notification_pb2.MESSAGE_STATUS_QUEUED
        assert message.last_error == "smsc not bound"
    finally:
        smsc.start()

    await eventually(statuses_are(notification, code, [DELIVERED]), timeout=60)
    assert len(smsc.submitted(phone)) == 1
    assert "bound to the SMSC" in caplog.text
    assert PASSWORD not in caplog.text


async def test_a_throttling_smsc_gets_the_message_again_after_a_backoff(notification, smsc):
    complaint_id, code, phone = complaint(13)
    smsc.command(throttle=2)
    await deliver(notification, complaint_submitted(complaint_id, code, phone))
    await eventually(statuses_are(notification, code, [DELIVERED]), timeout=60)
    assert [m.status for m in smsc.submitted(phone)] == [0x58, 0x58, 0]
    (message,) = await messages_of(notification, code)
    assert message.attempts == 3  # throttled twice: the SMSC's state, no attempt used up


async def test_a_refused_number_is_a_dead_letter_and_redrive_sends_it(notification, smsc):
    complaint_id, code, phone = complaint(14)
    smsc.command(refuse=phone.lstrip("+"), status=ESME_RINVDSTADR)
    await deliver(notification, complaint_submitted(complaint_id, code, phone))
    await deliver(
        notification,
        case_decided(
            complaint_id,
            code,
            "REJECTED",
            reason_code="PHOTO_UNREADABLE",
            citizen_advice="Mang giấy chứng nhận đến cơ sở tiêm.",
        ),
    )
    dead = notification_pb2.MESSAGE_STATUS_DEAD
    await eventually(statuses_are(notification, code, [dead] * 2), timeout=60)
    async with officer_channel(notification, "notification") as channel:
        stub = notification_pb2_grpc.NotificationServiceStub(channel)
        letters = (await stub.ListDeadLetters(notification_pb2.ListDeadLettersRequest())).messages
        assert {m.tracking_code for m in letters} == {shown(code)}
        assert all(
            m.last_error == "smsc refused: ESME_RINVDSTADR (0x0000000b)" and m.attempts == 1
            for m in letters
        )
        assert smsc.accepted(phone) == []

        # The operator has the number allowed, then re-drives one letter.
        smsc.command(accept=phone.lstrip("+"))
        rejected = next(m for m in letters if m.kind == notification_pb2.MESSAGE_KIND_REJECTED)
        reply = await stub.RedriveMessage(
            notification_pb2.RedriveMessageRequest(message_id=rejected.message_id)
        )
        assert reply.message.status == notification_pb2.MESSAGE_STATUS_QUEUED
        await eventually(statuses_are(notification, code, [dead, DELIVERED]), timeout=60)
        assert [m.text for m in smsc.accepted(phone)] == [
            f"Phan anh {shown(code)} khong duoc chap nhan: anh bi mo. "
            "Mang giay chung nhan den co so tiem."
        ]


async def test_unicode_mode_sends_ucs2_and_long_messages_in_concatenated_parts(database_urls, smsc):
    complaint_id, code, phone = complaint(15)
    system = InProcessSystem(database_urls, **smpp_settings(smsc, sms_unicode=True))
    await system.start("notification")
    try:
        await deliver(system, complaint_submitted(complaint_id, code, phone))
        advice = "Mang giấy chứng nhận gốc và căn cước đến cơ sở tiêm để được đối chiếu lại."
        await deliver(
            system,
            case_decided(
                complaint_id,
                code,
                "REJECTED",
                reason_code="PHOTO_UNREADABLE",
                citizen_advice=advice,
            ),
        )
        await eventually(statuses_are(system, code, [DELIVERED] * 2), timeout=60)
        received, rejected = await messages_of(system, code)
    finally:
        await system.stop()

    submitted = smsc.accepted(phone)
    assert {m.data_coding for m in submitted} == {8}
    # Both take two parts: one submit_sm each, with the concatenation header (IEI 0, length
    # 3, the message's reference, the total, the part's number).
    assert [received.segments, rejected.segments] == [2, 2]
    assert all(m.esm_class & UDH_INDICATOR for m in submitted)
    by_reference: dict[int, list] = {}
    for part in submitted:
        (header,) = (bytes.fromhex(h) for h in part.udh)
        assert header[:2] == b"\x00\x03"
        by_reference.setdefault(header[2], []).append(((header[3], header[4]), part))
    messages = list(by_reference.values())
    assert [[numbers for numbers, _ in m] for m in messages] == [[(2, 1), (2, 2)]] * 2
    # Each text whole, with its first part's id: the message's provider id. (Claimed together,
    # the two are sent at once: the SMSC may take either first.)
    assert {"".join(part.text for _, part in m): m[0][1].message_id for m in messages} == {
        f"Đã tiếp nhận phản ánh chứng nhận tiêm COVID-19. Mã tra cứu: {shown(code)}. "
        "Kết quả sẽ được báo qua SMS.": received.provider_message_id,
        f"Phản ánh {shown(code)} không được chấp nhận: ảnh bị mờ. {advice}": (
            rejected.provider_message_id
        ),
    }


async def test_a_refused_bind_keeps_the_messages_waiting_and_never_logs_the_password(
    database_urls, smsc, caplog
):
    complaint_id, code, phone = complaint(16)
    caplog.set_level(logging.INFO)
    wrong = "wrong-pw"
    system = InProcessSystem(database_urls, **smpp_settings(smsc, smpp_password=wrong))
    await system.start("notification")
    try:
        await deliver(system, complaint_submitted(complaint_id, code, phone))

        async def waiting():
            (message,) = await messages_of(system, code)
            return message.attempts >= 1 and "not bound" in caplog.text

        await eventually(waiting, timeout=60)
        (message,) = await messages_of(system, code)
        assert message.status == notification_pb2.MESSAGE_STATUS_QUEUED
        assert message.last_error == "smsc not bound"
    finally:
        await system.stop()
    assert smsc.submitted(phone) == []
    assert wrong not in caplog.text


async def test_a_receipt_after_a_restart_finds_its_message_by_the_smsc_id(database_urls, smsc):
    complaint_id, code, phone = complaint(17)
    system = InProcessSystem(database_urls, **smpp_settings(smsc))
    smsc.command(hold_receipts=True)
    try:
        await system.start("notification")
        await deliver(system, complaint_submitted(complaint_id, code, phone))
        sent = notification_pb2.MESSAGE_STATUS_SENT
        await eventually(statuses_are(system, code, [sent]), timeout=60)
        await system.stop()

        # Another process (it never sent that message) binds and gets the receipt.
        binds = smsc.binds()
        await system.start("notification")

        async def bound_again():
            return smsc.binds() > binds

        await eventually(bound_again)
        smsc.command(hold_receipts=False)
        await eventually(statuses_are(system, code, [DELIVERED]), timeout=60)
        (message,) = await messages_of(system, code)
        assert message.provider_message_id == smsc.accepted(phone)[0].message_id
    finally:
        smsc.command(hold_receipts=False)
        await system.stop()
