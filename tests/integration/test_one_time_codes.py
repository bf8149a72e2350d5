"""One-time codes end to end at IntakeService's gRPC level (with codes required): hashed at
rest, published to notification, checked and consumed, rate-limited, needed by a repeat to join
its phone's open complaint, and not left readable once delivered or past delivery."""

import asyncio
import contextlib
import json
import re
from datetime import timedelta
from functools import partial
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from intake.server import build as build_intake
from phananh.events.v1 import envelope_pb2
from phananh.events.v1.intake_events_pb2 import OneTimeCodeRequested
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh_common.grpc_errors import status_details
from phananh_common.local_time import utc_now
from phananh_common.server import RunningService
from tests.factories import Complaints
from tests.harness import InProcessSystem, eventually, execute, scalar
from tests.integration.cases import Clock
from tests.integration.citizen import refused_field


@pytest.fixture
async def otp_intake(database_urls):
    # Notification is not started: its deliveries fail fast instead of holding the stop.
    system = InProcessSystem(database_urls, otp_required=True, delivery_deadline_seconds=0.2)
    await system.start("intake")
    async with system.channel("intake") as channel:
        yield system, intake_pb2_grpc.IntakeServiceStub(channel)
    await system.stop()


async def sent_codes(url: str) -> list[str]:
    """The codes as notification will receive them, from intake's outbox, oldest first."""
    engine = create_async_engine(url, pool_size=1)
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT envelope FROM outbox_events ORDER BY created_at"))
        envelopes = [envelope_pb2.EventEnvelope.FromString(r.envelope) for r in rows]
    await engine.dispose()
    codes = []
    for envelope in envelopes:
        event = OneTimeCodeRequested()
        if envelope.payload.Unpack(event):
            codes.append(event.code)
    return codes


async def test_a_code_is_sent_hashed_checked_and_used_once(otp_intake):
    system, intake = otp_intake
    url = system.database_urls["intake"]
    complaint = Complaints(63).message()
    phone = complaint.citizen.phone
    await intake.RequestOneTimeCode(
        intake_pb2.RequestOneTimeCodeRequest(phone=phone, client_address="10.0.0.1")
    )
    (code,) = await sent_codes(url)
    assert (
        await scalar(url, "SELECT count(*) FROM one_time_codes WHERE digest = :c", c=code.encode())
        == 0
    )
    assert await scalar(url, "SELECT consumer FROM outbox_deliveries") == "notification"

    def submit(otp: str, seed_complaint=complaint):
        return intake.SubmitComplaint(
            intake_pb2.SubmitComplaintRequest(complaint=seed_complaint, otp=otp)
        )

    assert await refused_field(submit("")) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "invalid fields: otp",
    )
    wrong = "000000" if code != "000000" else "111111"
    assert (await refused_field(submit(wrong)))[0] == grpc.StatusCode.INVALID_ARGUMENT
    assert await scalar(url, "SELECT attempts FROM one_time_codes") == 1
    assert await scalar(url, "SELECT count(*) FROM complaints") == 0
    keyed = intake_pb2.SubmitComplaintRequest(
        complaint=complaint, otp=code, idempotency_key="otp-then-retry-1"
    )
    first = await intake.SubmitComplaint(keyed)
    # A retry of it replays the answer, although its code was used by the first request.
    assert await intake.SubmitComplaint(keyed) == first
    # Used: a second complaint (another category) needs a new code.
    other = Complaints(63).message()
    other.category = 5
    assert (await refused_field(submit(code, other)))[0] == grpc.StatusCode.INVALID_ARGUMENT
    assert await scalar(url, "SELECT count(*) FROM complaints") == 1


async def test_with_codes_required_a_repeat_joins_only_with_its_phone_s_code(otp_intake):
    system, intake = otp_intake
    url = system.database_urls["intake"]
    complaint = Complaints(67).message()
    # Someone else's phone with the same identity number (the same category: both factories').
    other = Complaints(68).message()
    other.citizen.national_id = complaint.citizen.national_id

    async def submitted(message, code: str | None = None):
        """The answer to `message` with `code`, or with a code sent to its phone."""
        if code is None:
            await intake.RequestOneTimeCode(
                intake_pb2.RequestOneTimeCodeRequest(phone=message.citizen.phone)
            )
            code = (await sent_codes(url))[-1]
        return await intake.SubmitComplaint(
            intake_pb2.SubmitComplaintRequest(complaint=message, otp=code)
        )

    first = await submitted(complaint)
    unproved = await refused_field(submitted(complaint, "000000"))
    assert unproved[0] == grpc.StatusCode.INVALID_ARGUMENT
    joined = await submitted(complaint)
    assert (joined.deduplicated, joined.tracking_code) == (True, first.tracking_code)
    # Its own phone's code proves only that phone: a complaint of its own.
    new = await submitted(other)
    assert not new.deduplicated and new.tracking_code != first.tracking_code
    assert await scalar(url, "SELECT count(*) FROM complaints") == 2
    assert await scalar(url, "SELECT count(*) FROM complaint_notes") == 1


async def test_an_expired_or_overtried_code_is_refused(otp_intake):
    system, intake = otp_intake
    url = system.database_urls["intake"]
    complaint = Complaints(64).message()
    request_code = intake_pb2.RequestOneTimeCodeRequest(phone=complaint.citizen.phone)
    await intake.RequestOneTimeCode(request_code)
    (code,) = await sent_codes(url)
    # Five minutes pass (the clock of the database row, not a sleep).
    await execute(url, "UPDATE one_time_codes SET expires_at = now() - interval '1 second'")
    submit = intake_pb2.SubmitComplaintRequest(complaint=complaint, otp=code)
    assert (await refused_field(intake.SubmitComplaint(submit)))[
        0
    ] == grpc.StatusCode.INVALID_ARGUMENT

    await intake.RequestOneTimeCode(request_code)
    code = (await sent_codes(url))[-1]
    wrong = intake_pb2.SubmitComplaintRequest(complaint=complaint, otp="99999x")
    for _ in range(5):
        await refused_field(intake.SubmitComplaint(wrong))
    assert (await refused_field(intake.SubmitComplaint(submit)))[
        0
    ] == grpc.StatusCode.INVALID_ARGUMENT
    assert await scalar(url, "SELECT count(*) FROM complaints") == 0


async def otp_problem(call) -> str:
    """What a refused submission says of its one-time code."""
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    bad = error_details_pb2.BadRequest()
    (detail,) = [d for d in status_details(raised.value).details if d.Is(bad.DESCRIPTOR)]
    detail.Unpack(bad)
    (violation,) = bad.field_violations
    assert violation.field == "otp"
    return violation.description


async def test_guesses_sent_at_once_get_five_tries_in_all(otp_intake):
    system, intake = otp_intake
    url = system.database_urls["intake"]
    complaint = Complaints(67).message()
    await intake.RequestOneTimeCode(
        intake_pb2.RequestOneTimeCodeRequest(phone=complaint.citizen.phone)
    )
    (code,) = await sent_codes(url)
    wrong = "000000" if code != "000000" else "111111"

    def submit(typed: str):
        return intake.SubmitComplaint(
            intake_pb2.SubmitComplaintRequest(complaint=complaint, otp=typed)
        )

    answers = await asyncio.gather(*(otp_problem(submit(wrong)) for _ in range(20)))
    too_often = "was typed wrong too often: ask for a new one"
    assert sorted(answers) == ["is wrong"] * 5 + [too_often] * 15
    assert await otp_problem(submit(code)) == too_often
    assert await scalar(url, "SELECT count(*) FROM complaints") == 0


async def test_codes_are_rate_limited_per_phone_and_per_address(otp_intake):
    _, intake = otp_intake
    phone = "0912345678"
    for _ in range(3):
        await intake.RequestOneTimeCode(intake_pb2.RequestOneTimeCodeRequest(phone=phone))
    too_many = intake.RequestOneTimeCode(intake_pb2.RequestOneTimeCodeRequest(phone=phone))
    assert (await refused_field(too_many))[0] == grpc.StatusCode.RESOURCE_EXHAUSTED

    phones = Complaints(65).take(21)
    for body in phones[:20]:
        await intake.RequestOneTimeCode(
            intake_pb2.RequestOneTimeCodeRequest(phone=body["citizen"]["phone"], client_address="a")
        )
    from_address = intake.RequestOneTimeCode(
        intake_pb2.RequestOneTimeCodeRequest(
            phone=phones[20]["citizen"]["phone"], client_address="a"
        )
    )
    assert (await refused_field(from_address))[0] == grpc.StatusCode.RESOURCE_EXHAUSTED
    bad_phone = intake.RequestOneTimeCode(intake_pb2.RequestOneTimeCodeRequest(phone="123"))
    assert (await refused_field(bad_phone))[0] == grpc.StatusCode.INVALID_ARGUMENT


async def rows_holding(url: str, secret: str) -> list[str]:
    """The tables of a database with a row that holds `secret`, as text or as bytes."""
    engine = create_async_engine(url, pool_size=1)
    found = []
    async with engine.connect() as conn:
        tables = await conn.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        for table in tables.all():
            if await conn.scalar(
                text(f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE ANY(:patterns)'),
                {"patterns": [f"%{secret}%", f"%{secret.encode().hex()}%"]},
            ):
                found.append(table)
    await engine.dispose()
    return found


async def test_a_delivered_code_is_not_left_readable_in_intakes_database(database_urls):
    system = InProcessSystem(database_urls, otp_required=True)
    await system.start("intake", "notification")
    try:
        async with system.channel("intake") as channel:
            phone = Complaints(66).message().citizen.phone
            await intake_pb2_grpc.IntakeServiceStub(channel).RequestOneTimeCode(
                intake_pb2.RequestOneTimeCodeRequest(phone=phone)
            )
        texted = []

        async def sent():
            with contextlib.suppress(FileNotFoundError):
                lines = Path(system.sms_file).read_text().splitlines()
                texted[:] = [json.loads(line)["text"] for line in lines]
            return bool(texted)

        await eventually(sent)
        (code,) = re.findall(r"\b\d{6}\b", texted[0])
        url = database_urls["intake"]

        async def erased():
            return await rows_holding(url, code) == []

        await eventually(erased)
        # The code's digest is what intake keeps to check it.
        assert await scalar(url, "SELECT count(*) FROM one_time_codes") == 1
        assert await scalar(url, "SELECT count(*) FROM outbox_deliveries") == 0
    finally:
        await system.stop()


async def test_a_code_that_could_not_be_delivered_in_time_is_deleted(database_urls):
    # Notification is not started: the code waits in the outbox.
    system = InProcessSystem(database_urls, otp_required=True, delivery_deadline_seconds=0.2)
    url = database_urls["intake"]
    await system.start("intake")
    try:
        async with system.channel("intake") as channel:
            await intake_pb2_grpc.IntakeServiceStub(channel).RequestOneTimeCode(
                intake_pb2.RequestOneTimeCodeRequest(phone="0912345678")
            )
        (code,) = await sent_codes(url)
        assert await rows_holding(url, code) == ["outbox_events"]
    finally:
        await system.stop()
    # Past its five minutes (the clock moved, not a sleep), intake's housekeeping deletes it.
    clock = Clock(utc_now() + timedelta(minutes=5, seconds=1))
    running = RunningService(system.settings("intake"), partial(build_intake, clock=clock))
    await running.start()
    try:

        async def deleted():
            return await rows_holding(url, code) == []

        await eventually(deleted)
    finally:
        await running.stop()
    assert await scalar(url, "SELECT count(*) FROM outbox_deliveries") == 0
