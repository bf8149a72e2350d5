"""Approvals through resolution's gRPC API, each one transaction: corrections of the registry
(add, correct, merge, create), certificates re-issued, everyone told, all or nothing, and of two
officers approving at once exactly one winning."""

import asyncio
import uuid

import grpc

from phananh.events.v1.resolution_events_pb2 import (
    CaseStatusChanged,
    OutcomeKind,
    RegistryRecordChanged,
)
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from tests.harness import bearer, refused
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
    (corrected,) = await desk.events(RegistryRecordChanged)
    assert corrected.citizen_id == desk.ids["R1"] and corrected.case_id == case_id
    assert corrected.source == "CASE" and corrected.sequence > 0
    # The dose the correction added, not the one it left as it was.
    assert [(d.dose_number, d.removed) for d in corrected.doses] == [(2, False)]
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
    (corrected,) = await desk.events(RegistryRecordChanged)
    assert corrected.citizen.full_name == event.complaint.citizen.full_name
    assert corrected.certificate_level == types_pb2.CERTIFICATE_LEVEL_FULL
    assert await desk.sql("SELECT count(*) FROM citizens") == 4


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
