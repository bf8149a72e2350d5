"""Bulk decisions through resolution's gRPC API: each case reported, every case answered within
the caller's deadline."""

import uuid

from phananh.resolution.v1 import resolution_pb2 as pb
from phananh_common.database import create_engine
from phananh_common.tokens import Principal
from resolution.cases.service.decisions import (
    BULK_MARGIN_SECONDS,
    NOT_REACHED,
    Decisions,
    Said,
)
from tests.integration.cases import Clock


async def test_bulk_decisions_report_each_case(desk):
    rejected = [(await desk.open())[0] for _ in range(2)]
    closed, _ = await desk.open()
    await desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=closed, reason_code="PHOTO_UNREADABLE"), metadata=desk.officer
    )
    reply = await desk.api.BulkDecide(
        pb.BulkDecideRequest(
            case_ids=[*rejected, closed, str(uuid.uuid4())],
            action=pb.BULK_ACTION_REJECT,
            reason_code="ALREADY_CORRECT",
        ),
        metadata=desk.officer,
    )
    assert [r.ok for r in reply.results] == [True, True, False, False]
    assert "closed" in reply.results[2].error

    claimed, _ = await desk.open()  # one record (R1) holds the identity number
    nobody, _ = await desk.open(national_id="075100000000")
    reply = await desk.api.BulkDecide(
        pb.BulkDecideRequest(case_ids=[claimed, nobody], action=pb.BULK_ACTION_APPROVE_AS_CLAIMED),
        metadata=desk.officer,
    )
    assert [r.ok for r in reply.results] == [True, False]
    assert "exactly one record" in reply.results[1].error
    # The factory's claim: AZ doses 1 and 2; R1 held dose 1, so dose 2 was added.
    assert [d.dose_number for d in (await desk.record("R1")).doses] == [1, 2]


async def test_a_bulk_answers_every_case_within_the_callers_deadline(desk):
    case_ids = [(await desk.open())[0] for _ in range(5)]
    rejected = "SELECT count(*) FROM cases WHERE status = 'REJECTED'"

    def bulk(ids):
        return pb.BulkDecideRequest(
            case_ids=ids, action=pb.BULK_ACTION_REJECT, reason_code="ALREADY_CORRECT"
        )

    # Less time than a case is started with: each case answered, none decided.
    short = await desk.api.BulkDecide(
        bulk(case_ids), metadata=desk.officer, timeout=BULK_MARGIN_SECONDS - 0.1
    )
    assert [(r.case_id, r.ok, r.error) for r in short.results] == [
        (c, False, NOT_REACHED) for c in case_ids
    ]
    assert await desk.sql(rejected) == 0

    # The time runs short once two cases have started: those two are decided, the rest
    # answered as not reached, in the order given.
    engine = create_engine(desk.system.database_urls["resolution"], 4)
    officer = Principal(str(uuid.uuid4()), "bienhoa.canbo", "DISTRICT_OFFICER", "731")
    time_left = iter([60.0, 60.0])
    try:
        results = await Decisions(engine, "75", Clock()).bulk(
            officer, case_ids, "REJECT", "ALREADY_CORRECT", Said(), lambda: next(time_left, 0.5)
        )
    finally:
        await engine.dispose()
    assert results == [(c, "" if i < 2 else NOT_REACHED, "") for i, c in enumerate(case_ids)]
    assert await desk.sql(rejected) == 2

    # Sent again, the rest are decided.
    again = await desk.api.BulkDecide(bulk(case_ids[2:]), metadata=desk.officer, timeout=60)
    assert [r.ok for r in again.results] == [True, True, True]
    assert await desk.sql(rejected) == 5
