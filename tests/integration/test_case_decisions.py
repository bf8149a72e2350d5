"""The team's decisions through resolution's gRPC API, each one transaction: approvals that
correct the registry (add, correct, merge, create; certificates re-issued; audited; all or
nothing), rejections, requests for information, reassignment, duplicates, stale versions and
closed cases, two officers at once, and bulk decisions."""

import asyncio
import uuid

import grpc

from phananh.events.v1.resolution_events_pb2 import (
    CaseStatusChanged,
    OutcomeKind,
    RegistryRecordCorrected,
)
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_common.database import create_engine
from phananh_common.tokens import Principal
from resolution.cases.domain.review import EARLIER
from resolution.cases.service.decisions import BULK_MARGIN_SECONDS, NOT_REACHED, Decisions
from tests.harness import bearer, refused
from tests.integration.cases import START, Clock, case_of
from tests.integration.desk import add_dose
from tests.integration.registry import PERSON


async def test_approval_adds_the_dose_reissues_the_certificate_and_tells_everyone(desk):
    case_id, _ = await desk.open()
    before = await desk.record("R1")
    assert before.certificate.level == types_pb2.CERTIFICATE_LEVEL_PARTIAL
    reply = await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[add_dose(2, "2021-09-01")],
            note="Đối chiếu giấy xác nhận",
            expected_version=1,
        ),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_RESOLVED and reply.case.version == 2
    after = await desk.record("R1")
    assert [(d.dose_number, d.vaccine_code) for d in after.doses] == [(1, "AZ"), (2, "PFIZER")]
    assert after.certificate.level == types_pb2.CERTIFICATE_LEVEL_FULL
    assert after.certificate.version == 2
    assert after.certificate.certificate_id != before.certificate.certificate_id
    assert await desk.sql(
        "SELECT revoked_at IS NOT NULL FROM certificates WHERE certificate_id = :c",
        c=uuid.UUID(before.certificate.certificate_id),
    )
    audit = await desk.sql(
        "SELECT json_build_array(actor, action, case_id, jsonb_array_length(before->'doses'),"
        " jsonb_array_length(after->'doses')) FROM registry_audit WHERE action = 'CORRECTED'"
    )
    assert audit == ["bienhoa.canbo", "CORRECTED", case_id, 1, 2]
    changed = (await desk.events(CaseStatusChanged))[-1]
    assert changed.status == types_pb2.CASE_STATUS_RESOLVED and changed.version == 2
    assert changed.outcome.kind == OutcomeKind.OUTCOME_KIND_RESOLVED
    assert changed.outcome.certificate_level == types_pb2.CERTIFICATE_LEVEL_FULL
    (corrected,) = await desk.events(RegistryRecordCorrected)
    assert corrected.citizen_id == desk.ids["R1"] and corrected.case_id == case_id
    assert [d.dose_number for d in corrected.doses] == [1, 2]
    assert corrected.certificate_id == after.certificate.certificate_id
    assert corrected.citizen.full_name == PERSON["full_name"]
    history = await desk.sql(
        "SELECT string_agg(action || ':' || actor, ',' ORDER BY entry_id) FROM case_history"
        " WHERE case_id = :c",
        c=uuid.UUID(case_id),
    )
    assert history == "ASSIGNED:system,RESOLVED:bienhoa.canbo"
    # A closed case takes no further decision.
    again = desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=case_id, reason_code="PHOTO_UNREADABLE"),
        metadata=desk.officer,
    )
    assert await refused(again) == (grpc.StatusCode.ABORTED, "CASE_CLOSED", [])


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


async def test_an_approval_is_all_or_nothing(desk):
    case_id, _ = await desk.open()
    bad = desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[
                pb.Correction(update_person=pb.UpdatePerson(full_name="Nguyễn Thị Hồng Nhung")),
                add_dose(1, "2021-08-01"),  # dose 1 is recorded already
            ],
        ),
        metadata=desk.officer,
    )
    assert await refused(bad) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "",
        ["corrections[1].dose_number"],
    )
    unchecked = desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[add_dose(2, "2030-01-01", "NOPE"), pb.Correction()],
        ),
        metadata=desk.officer,
    )
    code, _, fields = await refused(unchecked)
    assert code == grpc.StatusCode.INVALID_ARGUMENT and fields == ["corrections[1]"]
    assert (await desk.record("R1")).full_name == PERSON["full_name"]
    assert await desk.sql("SELECT count(*) FROM registry_audit WHERE case_id IS NOT NULL") == 0
    assert await desk.sql("SELECT status || version FROM cases") == "ASSIGNED1"


async def test_a_correction_that_keeps_the_level_keeps_the_certificate(desk):
    case_id, _ = await desk.open()
    before = await desk.record("R1")
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[
                pb.Correction(
                    update_dose=pb.UpdateDose(dose_id=before.doses[0].dose_id, lot_number="B77")
                ),
                pb.Correction(
                    update_person=pb.UpdatePerson(
                        phone="0987000111",
                        address=types_pb2.Address(province_code="75", district_code="732"),
                    )
                ),
            ],
        ),
        metadata=desk.officer,
    )
    after = await desk.record("R1")
    assert after.doses[0].lot_number == "B77" and after.doses[0].vaccine_code == "AZ"
    assert after.phone == "+84987000111" and after.address.district_code == "732"
    assert after.certificate == before.certificate


async def test_merging_moves_the_doses_and_retires_the_duplicate(desk):
    case_id, _ = await desk.open()
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[
                pb.Correction(merge_record=pb.MergeRecord(duplicate_citizen_id=desk.ids["R2"]))
            ],
        ),
        metadata=desk.officer,
    )
    kept, gone = await desk.record("R1"), await desk.record("R2")
    assert [d.dose_number for d in kept.doses] == [1, 2]
    assert kept.certificate.level == types_pb2.CERTIFICATE_LEVEL_FULL
    assert gone.merged_into == desk.ids["R1"] and not gone.doses
    assert not gone.HasField("certificate")
    assert await desk.sql("SELECT count(*) FROM registry_audit WHERE action = 'MERGED'") == 1


async def test_a_record_is_created_from_the_complaint(desk):
    case_id, event = await desk.open(national_id="")
    reply = await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            corrections=[
                pb.Correction(create_record=pb.CreateRecord()),
                add_dose(1, "2021-07-01", "JANSSEN"),
            ],
        ),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_RESOLVED
    (corrected,) = await desk.events(RegistryRecordCorrected)
    assert corrected.citizen.full_name == event.complaint.citizen.full_name
    assert corrected.certificate_level == types_pb2.CERTIFICATE_LEVEL_FULL
    assert await desk.sql("SELECT count(*) FROM citizens") == 4


async def test_rejection_needs_a_reason_of_the_catalogue_and_carries_its_advice(desk):
    case_id, _ = await desk.open()
    for reason, note, field in (("NOPE", "", "reason_code"), ("OTHER", " ", "note")):
        call = desk.api.RejectCase(
            pb.RejectCaseRequest(case_id=case_id, reason_code=reason, note=note),
            metadata=desk.officer,
        )
        assert await refused(call) == (grpc.StatusCode.INVALID_ARGUMENT, "", [field])
    stale = desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=case_id, reason_code="PHOTO_UNREADABLE", expected_version=7),
        metadata=desk.officer,
    )
    assert await refused(stale) == (grpc.StatusCode.ABORTED, "STALE_VERSION", [])
    reply = await desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=case_id, reason_code="OTHER", note="Không khớp lô vắc xin"),
        metadata=desk.officer,
    )
    assert reply.case.status == types_pb2.CASE_STATUS_REJECTED
    outcome = (await desk.events(CaseStatusChanged))[-1].outcome
    assert (outcome.kind, outcome.reason_code, outcome.message) == (
        OutcomeKind.OUTCOME_KIND_REJECTED,
        "OTHER",
        "Không khớp lô vắc xin",
    )
    assert outcome.citizen_advice.startswith("Vui lòng xem ghi chú")


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


async def test_of_two_officers_approving_at_once_exactly_one_wins(desk):
    case_id, _ = await desk.open()
    other = bearer(desk.system.token("PROVINCE_OFFICER", "75", username="tinh.canbo"))

    async def approve(metadata, vaccine):
        try:
            await desk.api.ApproveCase(
                pb.ApproveCaseRequest(
                    case_id=case_id,
                    citizen_id=desk.ids["R1"],
                    corrections=[add_dose(2, "2021-09-01", vaccine)],
                ),
                metadata=metadata,
            )
            return "OK"
        except grpc.aio.AioRpcError as error:
            return error.code().name

    outcomes = await asyncio.gather(approve(desk.officer, "PFIZER"), approve(other, "MODERNA"))
    assert sorted(outcomes) == ["ABORTED", "OK"]
    assert len((await desk.record("R1")).doses) == 2
    assert await desk.sql("SELECT count(*) FROM registry_audit WHERE action = 'CORRECTED'") == 1
    assert await desk.sql("SELECT version FROM cases") == 2


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
            officer, case_ids, "REJECT", "ALREADY_CORRECT", "", lambda: next(time_left, 0.5)
        )
    finally:
        await engine.dispose()
    assert results == [(c, "" if i < 2 else NOT_REACHED, "") for i, c in enumerate(case_ids)]
    assert await desk.sql(rejected) == 2

    # Sent again, the rest are decided.
    again = await desk.api.BulkDecide(bulk(case_ids[2:]), metadata=desk.officer, timeout=60)
    assert [r.ok for r in again.results] == [True, True, True]
    assert await desk.sql(rejected) == 5


async def test_decisions_on_a_case_outside_the_unit_find_nothing(desk):
    case_id, _ = await desk.open(address=("732", ""))
    call = desk.api.RejectCase(
        pb.RejectCaseRequest(case_id=case_id, reason_code="PHOTO_UNREADABLE"),
        metadata=desk.officer,
    )
    assert (await refused(call))[0] == grpc.StatusCode.NOT_FOUND
