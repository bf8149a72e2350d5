"""The team's decisions besides approval through resolution's gRPC API: opening a case starts
its review; rejections, requests for information, reassignment and duplicates; nothing found
outside the officer's unit."""

import uuid

import grpc

from phananh.events.v1.resolution_events_pb2 import (
    CaseStatusChanged,
    OutcomeKind,
)
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from resolution.cases.domain.review import EARLIER
from tests.harness import bearer, refused
from tests.integration.cases import START, case_of


async def test_its_team_opening_a_case_starts_the_review(desk):
    await desk.system.start("intake")  # a case is shown with its evidence, from intake
    try:
        case_id, _ = await desk.open()
        read = pb.GetCaseRequest(case_id=case_id)
        province = bearer(desk.system.token("PROVINCE_OFFICER", "75"))
        above = (await desk.api.GetCase(read, metadata=province)).case
        assert (above.status, above.version) == (types_pb2.CASE_STATUS_ASSIGNED, 1)
        for _ in range(2):
            opened = await desk.api.GetCase(read, metadata=desk.officer)
            assert (opened.case.status, opened.case.version) == (
                types_pb2.CASE_STATUS_IN_REVIEW,
                2,
            )
    finally:
        await desk.system.stop("intake")
    assert [h.action for h in opened.history] == ["ASSIGNED", "IN_REVIEW"]
    assert opened.history[-1].actor == "bienhoa.canbo"
    changed = await desk.events(CaseStatusChanged)
    assert [(e.status, e.version, e.HasField("outcome")) for e in changed] == [
        (types_pb2.CASE_STATUS_ASSIGNED, 1, False),
        (types_pb2.CASE_STATUS_IN_REVIEW, 2, False),
    ]
    # Opening it changed the version that a decision expects.
    reject = pb.RejectCaseRequest(
        case_id=case_id, reason_code="PHOTO_UNREADABLE", expected_version=1
    )
    stale = desk.api.RejectCase(reject, metadata=desk.officer)
    assert await refused(stale) == (grpc.StatusCode.ABORTED, "STALE_VERSION", [])
    reject.expected_version = 2
    decided = (await desk.api.RejectCase(reject, metadata=desk.officer)).case
    assert (decided.status, decided.version) == (types_pb2.CASE_STATUS_REJECTED, 3)


async def test_rejection_needs_a_reason_of_the_catalogue_and_carries_its_advice(desk):
    case_id, _ = await desk.open()
    for reason, note, fields in (
        ("NOPE", "", ["reason_code"]),
        ("OTHER", " ", ["note", "citizen_message"]),
    ):
        call = desk.api.RejectCase(
            pb.RejectCaseRequest(case_id=case_id, reason_code=reason, note=note),
            metadata=desk.officer,
        )
        assert await refused(call) == (grpc.StatusCode.INVALID_ARGUMENT, "", fields)
    stale = desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=case_id, reason_code="PHOTO_UNREADABLE", expected_version=7),
        metadata=desk.officer,
    )
    assert await refused(stale) == (grpc.StatusCode.ABORTED, "STALE_VERSION", [])
    reply = await desk.api.RejectCase(
        pb.RejectCaseRequest(
            case_id=case_id,
            reason_code="OTHER",
            note="Lô AB123 không có trong sổ của cơ sở",
            citizen_message="Số lô vắc xin khai báo không khớp với sổ tiêm.",
        ),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_REJECTED
    # The citizen is told the message, never the team's internal note.
    outcome = (await desk.events(CaseStatusChanged))[-1].outcome
    assert (outcome.kind, outcome.reason_code, outcome.message) == (
        OutcomeKind.OUTCOME_KIND_REJECTED,
        "OTHER",
        "Số lô vắc xin khai báo không khớp với sổ tiêm.",
    )
    assert "AB123" not in str(outcome)
    assert outcome.citizen_advice.startswith("Vui lòng xem lời nhắn")


async def test_asking_for_information_pauses_until_the_citizen_answers(desk):
    case_id, event = await desk.open()
    reply = await desk.api.RequestInfo(
        pb.RequestInfoRequest(case_id=case_id, message="Gửi ảnh giấy xác nhận mũi 2"),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_NEEDS_INFO
    assert await case_of(desk.system, event, "paused_at") == START
    outcome = (await desk.events(CaseStatusChanged))[-1].outcome
    assert outcome.kind == OutcomeKind.OUTCOME_KIND_NEEDS_INFO
    assert outcome.message == "Gửi ảnh giấy xác nhận mũi 2"
    empty = desk.api.RequestInfo(pb.RequestInfoRequest(case_id=case_id), metadata=desk.officer)
    assert (await refused(empty))[2] == ["message"]


async def test_reassignment_stays_inside_the_officers_unit(desk):
    case_id, _ = await desk.open()
    outside = desk.api.ReassignCase(
        pb.ReassignCaseRequest(case_id=case_id, unit_code="732"), metadata=desk.officer
    )
    assert await refused(outside) == (grpc.StatusCode.INVALID_ARGUMENT, "", ["unit_code"])
    reply = await desk.api.ReassignCase(
        pb.ReassignCaseRequest(case_id=case_id, unit_code="26041", note="Phường Tân Hiệp"),
        metadata=desk.officer,
    )
    assert reply.case.unit_code == "26041" and reply.case.status == types_pb2.CASE_STATUS_ASSIGNED
    assert (await desk.events(CaseStatusChanged))[-1].unit_code == "26041"
    # The commune holds it now; another commune's officer does not see it.
    other = bearer(desk.system.token("COMMUNE_OFFICER", "25993"))
    hidden = desk.api.GetCase(pb.GetCaseRequest(case_id=case_id), metadata=other)
    assert (await refused(hidden))[0] == grpc.StatusCode.NOT_FOUND


async def test_a_duplicate_names_the_original_to_its_phone_only(desk):
    _, original = await desk.open()
    phone = original.complaint.citizen.phone
    case_id, _ = await desk.open(phone=phone)
    unknown = desk.api.MarkDuplicate(
        pb.MarkDuplicateRequest(case_id=case_id, of_tracking_code="ZZZZZ-ZZZZZ"),
        metadata=desk.officer,
    )
    assert (await refused(unknown))[2] == ["of_tracking_code"]
    # The code as the portal shows it (typed in lower case), or as stored, names it.
    stored_code = await case_of(desk.system, original, "tracking_code")
    itself = f"{stored_code[:5]}-{stored_code[5:]}"
    reply = await desk.api.MarkDuplicate(
        pb.MarkDuplicateRequest(case_id=case_id, of_tracking_code=itself.lower()),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_DUPLICATE
    assert (await desk.events(CaseStatusChanged))[-1].outcome.message == itself
    again, _ = await desk.open()  # from another phone
    reply = await desk.api.MarkDuplicate(
        pb.MarkDuplicateRequest(case_id=again, of_tracking_code=stored_code),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_DUPLICATE
    # Its citizen is not told the original's code: it may be a stranger's.
    assert (await desk.events(CaseStatusChanged))[-1].outcome.message == EARLIER
    # Codes leave resolution as people see them: in the case, its history and the SMS.
    assert reply.case.tracking_code[5] == "-" and len(reply.case.tracking_code) == 11
    history = await desk.sql(
        "SELECT note FROM case_history WHERE action = 'DUPLICATE' AND case_id = :c",
        c=uuid.UUID(again),
    )
    assert history == itself


async def test_decisions_on_a_case_outside_the_unit_find_nothing(desk):
    case_id, _ = await desk.open(address=("732", ""))
    call = desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=case_id, reason_code="PHOTO_UNREADABLE"),
        metadata=desk.officer,
    )
    assert (await refused(call))[0] == grpc.StatusCode.NOT_FOUND
