"""Step 4: an approval opens a re-check per facility of the corrected doses; the facility
sees only its own, confirms or flags; a flag reopens the case for its team, with history."""

import uuid
from datetime import timedelta

import grpc

from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from tests.harness import bearer, execute, refused
from tests.integration.desk import add_dose


async def approved_case(desk, *facilities: str) -> str:
    case_id, _ = await desk.open()
    corrections = [add_dose(2, "2021-09-01")]
    for facility, correction in zip(facilities, corrections, strict=False):
        correction.add_dose.facility_code = facility
    before = await desk.record("R1")
    corrections.append(
        pb.Correction(
            update_dose=pb.UpdateDose(dose_id=before.doses[0].dose_id, facility_code=facilities[-1])
        )
    )
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(case_id=case_id, citizen_id=desk.ids["R1"], corrections=corrections),
        metadata=desk.officer,
    )
    return case_id


async def listed(desk, token: str, **filters) -> list[pb.Recheck]:
    reply = await desk.api.ListRechecks(pb.ListRechecksRequest(**filters), metadata=bearer(token))
    return list(reply.rechecks)


async def last_history(desk) -> str:
    return await desk.sql(
        "SELECT action || '|' || actor || '|' || note FROM case_history"
        " ORDER BY entry_id DESC LIMIT 1"
    )


async def test_each_facility_rechecks_its_own_and_a_flag_reopens_the_case(desk):
    case_id = await approved_case(desk, "F731001", "F732001")
    first = desk.system.token("FACILITY_OFFICER", "F731001", username="coso.f731001")
    second = desk.system.token("FACILITY_OFFICER", "F732001", username="coso.f732001")
    (mine,) = await listed(desk, first, status=pb.RECHECK_STATUS_PENDING)
    assert (mine.case_id, mine.facility_code) == (case_id, "F731001")
    assert [r.facility_code for r in await listed(desk, second)] == ["F732001"]
    team = desk.system.token("DISTRICT_OFFICER", "731")
    assert len(await listed(desk, team)) == 2
    assert await listed(desk, desk.system.token("DISTRICT_OFFICER", "732")) == []

    # Another facility's re-check is not found; a flag needs a note.
    other = desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=mine.recheck_id, result=pb.RECHECK_STATUS_CONFIRMED),
        metadata=bearer(second),
    )
    assert (await refused(other))[0] == grpc.StatusCode.NOT_FOUND
    silent = desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=mine.recheck_id, result=pb.RECHECK_STATUS_FLAGGED),
        metadata=bearer(first),
    )
    assert await refused(silent) == (grpc.StatusCode.INVALID_ARGUMENT, "", ["note"])

    flagged = await desk.api.RecordRecheck(
        pb.RecordRecheckRequest(
            recheck_id=mine.recheck_id,
            result=pb.RECHECK_STATUS_FLAGGED,
            note="Sổ tiêm ghi lô khác",
        ),
        metadata=bearer(first),
    )
    assert flagged.recheck.status == pb.RECHECK_STATUS_FLAGGED
    again = desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=mine.recheck_id, result=pb.RECHECK_STATUS_CONFIRMED),
        metadata=bearer(first),
    )
    assert await refused(again) == (grpc.StatusCode.ABORTED, "RECHECK_DONE", [])
    assert await desk.sql("SELECT status || version FROM cases") == "IN_REVIEW3"
    assert await last_history(desk) == "RECHECK_FLAGGED F731001|coso.f731001|Sổ tiêm ghi lô khác"
    reopened = (await desk.events(CaseStatusChanged))[-1]
    assert reopened.status == types_pb2.CASE_STATUS_IN_REVIEW and reopened.version == 3

    # The other facility confirms: history only, the case stays as it is.
    (theirs,) = await listed(desk, second, status=pb.RECHECK_STATUS_PENDING)
    await desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=theirs.recheck_id, result=pb.RECHECK_STATUS_CONFIRMED),
        metadata=bearer(second),
    )
    assert await listed(desk, team, status=pb.RECHECK_STATUS_PENDING) == []
    assert await desk.sql("SELECT status || version FROM cases") == "IN_REVIEW3"
    assert (await last_history(desk)).startswith("RECHECK_CONFIRMED F732001|coso.f732001")


async def test_officers_other_than_the_facilitys_do_not_record_rechecks(desk):
    await approved_case(desk, "F731001")
    facility = desk.system.token("FACILITY_OFFICER", "F731001")
    (recheck,) = await listed(desk, facility)
    call = desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=recheck.recheck_id, result=pb.RECHECK_STATUS_CONFIRMED),
        metadata=desk.officer,
    )
    assert (await refused(call))[0] == grpc.StatusCode.PERMISSION_DENIED
    unknown = desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=str(uuid.uuid4()), result=pb.RECHECK_STATUS_CONFIRMED),
        metadata=bearer(facility),
    )
    assert (await refused(unknown))[0] == grpc.StatusCode.NOT_FOUND


async def test_a_recheck_waiting_past_its_hours_is_overdue_until_answered(desk):
    await approved_case(desk, "F731001")
    facility = desk.system.token("FACILITY_OFFICER", "F731001")
    (fresh,) = await listed(desk, facility)
    assert not fresh.overdue
    assert fresh.due_at.ToDatetime() - fresh.created_at.ToDatetime() == timedelta(hours=72)
    await execute(
        desk.system.database_urls["resolution"],
        "UPDATE rechecks SET created_at = created_at - interval '73 hours'",
    )
    (late,) = await listed(desk, facility)
    assert late.overdue
    await desk.api.RecordRecheck(
        pb.RecordRecheckRequest(recheck_id=late.recheck_id, result=pb.RECHECK_STATUS_CONFIRMED),
        metadata=bearer(facility),
    )
    (answered,) = await listed(desk, facility)
    assert not answered.overdue
