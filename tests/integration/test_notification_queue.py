"""Notification's queue with the file provider: one SMS per event and recipient whatever the
redeliveries, outcomes that arrive before their complaint, quiet hours and one-time codes, a
worker that dies holding a message, and the operator's RPCs refusing bad input."""

import asyncio
import contextlib
import functools
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from notification.server import build
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh_common.server import RunningService
from tests.harness import InProcessSystem, eventually, officer_channel, scalar
from tests.notification_events import (
    case_decided,
    case_resolved,
    complaint_submitted,
    deliver,
    new_complaint,
    one_time_code,
    published_statuses,
    shown,
)


@pytest.fixture
async def notification(database_urls):
    system = InProcessSystem(database_urls, sms_rate_per_second=200)
    await system.start("notification")
    yield system
    await system.stop()


def sent_lines(system) -> list[dict]:
    path = Path(system.sms_file)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def texts_to(system, phone) -> list[str]:
    return [line["text"] for line in sent_lines(system) if line["to"] == phone]


async def operator(system):
    channel = officer_channel(system, "notification")
    return channel, notification_pb2_grpc.NotificationServiceStub(channel)


async def test_redelivered_events_send_no_second_sms(notification):
    complaint_id, code, phone = new_complaint(10)
    submitted = complaint_submitted(complaint_id, code, phone)
    needs_info = case_decided(
        complaint_id, code, "NEEDS_INFO", message="Gửi ảnh giấy chứng nhận tiêm mũi 2."
    )
    for envelope in (submitted, needs_info):
        replies = await asyncio.gather(*(deliver(notification, envelope) for _ in range(4)))
        assert sorted(r.already_applied for r in replies) == [False, True, True, True]
    await eventually(lambda: _count(notification, phone, 2))
    await asyncio.sleep(1)
    assert texts_to(notification, phone) == [
        f"Da tiep nhan phan anh chung nhan tiem COVID-19. Ma tra cuu: {shown(code)}. "
        "Ket qua se duoc bao qua SMS.",
        f"Phan anh {shown(code)} can bo sung: Gui anh giay chung nhan tiem mui 2.",
    ]
    line = sent_lines(notification)[0]
    assert set(line) == {"to", "text", "message_id", "event_id", "sent_at"}
    assert line["event_id"] == submitted.event_id


async def test_an_outcome_before_its_complaint_waits_for_the_phone(notification):
    complaint_id, code, phone = new_complaint(11)
    await deliver(notification, case_resolved(complaint_id, code, "PARTIAL"))
    channel, stub = await operator(notification)
    async with channel:
        (waiting,) = (
            await stub.ListMessages(notification_pb2.ListMessagesRequest(tracking_code=code))
        ).messages
        assert not waiting.has_recipient
        assert waiting.status == notification_pb2.MESSAGE_STATUS_QUEUED
        await deliver(notification, complaint_submitted(complaint_id, code, phone))
        await eventually(lambda: _count(notification, phone, 2))
    assert (
        f"Phan anh {shown(code)} da duoc xu ly, ho so tiem da cap nhat. Chung nhan: mau vang."
        in (texts_to(notification, phone))
    )
    # Sent: published for reporting (the file provider reports no delivery), in the
    # transaction that records the sending, which commits after the file's line is written.
    url = notification.database_urls["notification"]
    sent_both = [
        ("MESSAGE_KIND_COMPLAINT_RECEIVED", "MESSAGE_STATUS_SENT"),
        ("MESSAGE_KIND_RESOLVED", "MESSAGE_STATUS_SENT"),
    ]

    async def published_both() -> bool:
        return await published_statuses(url, complaint_id) == sent_both

    await eventually(published_both)
    assert await published_statuses(url, complaint_id) == sent_both


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# 23:00 and 07:00 in Hồ Chí Minh City.
NIGHT = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
MORNING = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)


@contextlib.asynccontextmanager
async def at_night(database_urls):
    """(system, clock): notification with quiet hours 22:00-07:00, its clock at 23:00."""
    clock = Clock(NIGHT)
    system = InProcessSystem(database_urls, sms_quiet_hours="22:00-07:00")
    service = RunningService(system.settings("notification"), functools.partial(build, clock=clock))
    await service.start()
    try:
        yield system, clock
    finally:
        await service.stop()


async def test_quiet_hours_hold_messages_but_not_one_time_codes(database_urls):
    async with at_night(database_urls) as (system, clock):
        complaint_id, code, phone = new_complaint(12)
        await deliver(system, complaint_submitted(complaint_id, code, phone))
        await deliver(system, one_time_code(phone, "482913", clock.now + timedelta(minutes=5)))
        expired = one_time_code("+84987654321", "111111", clock.now - timedelta(seconds=1))
        await deliver(system, expired)
        await eventually(lambda: _count(system, phone, 1))
        await asyncio.sleep(1)
        assert texts_to(system, phone) == [
            "Ma xac thuc phan anh tiem chung: 482913. Co hieu luc 5 phut. Khong chia se ma nay."
        ]
        clock.now = MORNING
        await eventually(lambda: _count(system, phone, 2))
        assert texts_to(system, "+84987654321") == []
        url = system.database_urls["notification"]
        sql = "SELECT status FROM messages WHERE event_id = :e"
        assert await scalar(url, sql, e=expired.event_id) == "EXPIRED"


async def test_a_queue_behind_sends_a_complaints_acknowledgement_before_its_outcome(
    database_urls,
):
    # Through the night the messages wait, as behind a queue.
    async with at_night(database_urls) as (system, clock):
        complaint_id, code, phone = new_complaint(16)
        await deliver(system, complaint_submitted(complaint_id, code, phone))
        needs_info = case_decided(complaint_id, code, "NEEDS_INFO", message="Gửi ảnh thẻ.")
        await deliver(system, needs_info)
        clock.now = MORNING
        await eventually(lambda: _count(system, phone, 2))
        # The outcome is more urgent than acknowledgements, but not than its own complaint's.
        assert texts_to(system, phone) == [
            f"Da tiep nhan phan anh chung nhan tiem COVID-19. Ma tra cuu: {shown(code)}. "
            "Ket qua se duoc bao qua SMS.",
            f"Phan anh {shown(code)} can bo sung: Gui anh the.",
        ]


async def test_a_message_held_by_a_dead_worker_is_sent_once_after_it(database_urls):
    complaint_id, code, phone = new_complaint(13)
    system = InProcessSystem(database_urls)
    # A worker claimed the message and hangs: its row lock is held, nobody else sends it.
    await system.start("notification")
    url = system.database_urls["notification"]
    engine = create_async_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            await system.stop("notification")
            await deliver_offline(system, complaint_submitted(complaint_id, code, phone))
            transaction = await conn.begin()
            await conn.exec_driver_sql("SELECT * FROM messages FOR UPDATE")
            await system.start("notification")
            await asyncio.sleep(1.5)
            assert texts_to(system, phone) == []
            await transaction.rollback()  # the worker dies: its lock goes with it
        await eventually(lambda: _count(system, phone, 1))
        await asyncio.sleep(1)
        assert len(texts_to(system, phone)) == 1
    finally:
        await engine.dispose()
        await system.stop()


async def deliver_offline(system, *envelopes):
    """Applies events while no dispatcher runs: a notification without background work."""

    def without_workers(settings, engine, channels):
        parts = build(settings, engine, channels)
        parts.background = []
        return parts

    service = RunningService(system.settings("notification"), without_workers)
    await service.start()
    try:
        for envelope in envelopes:
            await deliver(system, envelope)
    finally:
        await service.stop()


async def test_a_queue_behind_sends_codes_then_outcomes_then_acknowledgements(database_urls):
    # One SMS a second: the queue is behind as soon as four messages wait.
    system = InProcessSystem(database_urls, sms_rate_per_second=1)
    older, newer = new_complaint(14), new_complaint(15)
    otp_phone = "+84987000014"
    await deliver_offline(
        system,
        complaint_submitted(*older),
        complaint_submitted(*newer),
        case_resolved(older[0], older[1]),
        one_time_code(otp_phone, "305716", datetime.now(UTC) + timedelta(minutes=5)),
    )
    await system.start("notification")
    try:
        await eventually(lambda: _sent(system, 4))
        assert [(line["to"], line["text"][:12]) for line in sent_lines(system)] == [
            (otp_phone, "Ma xac thuc "),
            # The outcome goes before other acknowledgements, after its own complaint's.
            (older[2], "Da tiep nhan"),
            (older[2], f"Phan anh {shown(older[1])[:3]}"),
            (newer[2], "Da tiep nhan"),
        ]
    finally:
        await system.stop()


async def _sent(system, expected) -> bool:
    return len(sent_lines(system)) >= expected


async def test_bad_requests_and_events_are_refused_by_field(notification):
    channel, stub = await operator(notification)
    async with channel:
        pb = notification_pb2
        cases = [
            (stub.ListMessages, pb.ListMessagesRequest(), "tracking_code"),
            (stub.ListDeadLetters, pb.ListDeadLettersRequest(page_size=501), "page_size"),
            (stub.ListDeadLetters, pb.ListDeadLettersRequest(page_token="%%"), "page_token"),
            (stub.RedriveMessage, pb.RedriveMessageRequest(message_id="x"), "message_id"),
            (stub.RedriveHealthBookSync, pb.RedriveHealthBookSyncRequest(sync_id="x"), "sync_id"),
        ]
        for call, request, field in cases:
            with pytest.raises(grpc.aio.AioRpcError) as error:
                await call(request)
            assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert field in error.value.details()
        unknown = notification_pb2.RedriveMessageRequest(message_id=str(uuid.uuid4()))
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await stub.RedriveMessage(unknown)
        assert error.value.code() == grpc.StatusCode.NOT_FOUND
        no_sync = notification_pb2.RedriveHealthBookSyncRequest(sync_id=str(uuid.uuid4()))
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await stub.RedriveHealthBookSync(no_sync)
        assert error.value.code() == grpc.StatusCode.NOT_FOUND

        complaint_id, code, phone = new_complaint(14)
        await deliver(notification, complaint_submitted(complaint_id, code, phone))
        (queued,) = (
            await stub.ListMessages(notification_pb2.ListMessagesRequest(tracking_code=code))
        ).messages
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await stub.RedriveMessage(
                notification_pb2.RedriveMessageRequest(message_id=queued.message_id)
            )
        assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    # An event without a phone is refused (the producer keeps it) and changes nothing.
    before = await scalar(
        notification.database_urls["notification"], "SELECT count(*) FROM inbox_events"
    )
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await deliver(notification, complaint_submitted("c", "T-1", ""))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "complaint.citizen.phone" in error.value.details()
    after = await scalar(
        notification.database_urls["notification"], "SELECT count(*) FROM inbox_events"
    )
    assert after == before


async def _count(system, phone, expected) -> bool:
    return len(texts_to(system, phone)) >= expected
