"""Each submitted complaint opens one case where it belongs, with its deadline; the queue
shows overdue and at-risk cases as the clock moves (no sleeping), a supplement resumes the
paused deadline."""

import uuid
from datetime import UTC, datetime, timedelta

from google.protobuf.json_format import MessageToDict

from phananh.resolution.v1 import resolution_pb2
from phananh.types.v1 import types_pb2
from phananh_common.database import create_engine
from phananh_common.local_time import LOCAL_ZONE
from phananh_common.tracking_codes import stored
from resolution.accounts.wiring import account_service
from tests.factories import CLAIMED_DOSES, Complaints
from tests.harness import InProcessSystem, bearer, execute, scalar
from tests.integration.cases import (
    START,
    Clock,
    case_of,
    deliver,
    resolution_alone,
    stub,
    submitted,
    supplemented,
)


def claims(*facilities: str) -> list[dict]:
    return [
        dict(dose, facility_code=code)
        for dose, code in zip(CLAIMED_DOSES, facilities, strict=False)
    ]


async def test_complaints_go_to_the_facility_district_the_address_or_the_province(
    database_urls,
):
    system = InProcessSystem(database_urls)
    engine = create_engine(database_urls["resolution"], pool_size=1)
    accounts = account_service(system.settings("resolution"), engine)
    await accounts.ensure_account("trangdai.canbo", "COMMUNE_OFFICER", "25993", "mat-khau-thu", "t")
    await accounts.ensure_account("tanhiep.canbo", "COMMUNE_OFFICER", "26041", "mat-khau-thu", "t")
    await engine.dispose()
    await execute(
        database_urls["resolution"],
        "UPDATE accounts SET disabled = true WHERE username = 'tanhiep.canbo'",
    )
    complaints = Complaints(11)
    expected = [
        # A facility of district 732 named for the latest dose: 732, whatever the address.
        (submitted(complaints, START, claimed_doses=claims("F731001", "F732001")), "732"),
        # Trảng Dài (25993) has an active commune officer.
        (submitted(complaints, START, claimed_doses=claims("F731025")), "25993"),
        # Tân Hiệp (26041)'s only officer is disabled: the district works it.
        (submitted(complaints, START, claimed_doses=claims("F731001")), "731"),
        # No facility: the address; Trảng Dài has a team.
        (submitted(complaints, START, claimed_doses=claims()), "25993"),
        (submitted(complaints, START, ("731", "26041"), claimed_doses=claims()), "731"),
        # An address outside the province and no facility: the province queue.
        (submitted(complaints, START, ("760", "26734"), claimed_doses=claims()), "75"),
    ]
    async with resolution_alone(system, Clock()):
        for event, _ in expected:
            await deliver(system, "intake", event)
            await deliver(system, "intake", event)  # redelivered: still one case
    for event, unit in expected:
        assert await case_of(system, event) == unit
    url = database_urls["resolution"]
    assert await scalar(url, "SELECT count(*) FROM cases") == len(expected)
    assert await scalar(url, "SELECT count(*) FROM case_history") == len(expected)
    assert await scalar(
        url, "SELECT count(*) FROM outbox_events WHERE type LIKE '%CaseStatusChanged'"
    ) == len(expected)


async def queue(channel, token: str, **filters) -> dict[str, dict]:
    reply = await stub(channel).ListCases(
        resolution_pb2.ListCasesRequest(**filters), metadata=bearer(token)
    )
    return {
        stored(c.tracking_code): MessageToDict(c, preserving_proto_field_name=True)
        for c in reply.cases
    }


async def test_deadlines_flag_cases_at_risk_then_overdue_until_closed(database_urls):
    system = InProcessSystem(database_urls, sla_hours=48)
    clock = Clock()
    complaints = Complaints(12)
    district = system.token("DISTRICT_OFFICER", "731")
    province = system.token("PROVINCE_OFFICER", "75")
    early = submitted(complaints, START - timedelta(hours=30))
    late = submitted(complaints, START)
    elsewhere = submitted(complaints, START - timedelta(hours=40), ("732", ""))
    async with resolution_alone(system, clock) as channel:
        for event in (early, late, elsewhere):
            await deliver(system, "intake", event)
        seen = await queue(channel, district)
        assert list(seen) == [early.tracking_code, late.tracking_code]  # oldest deadline first
        assert seen[early.tracking_code].get("at_risk") and not seen[late.tracking_code].get(
            "at_risk"
        )
        assert await queue(channel, province, overdue=True) == {}

        clock.advance(hours=20)  # early is 50 h old, elsewhere 60 h: both past 48 h
        overdue = await queue(channel, province, overdue=True)
        assert set(overdue) == {early.tracking_code, elsewhere.tracking_code}
        assert all(c["overdue"] for c in overdue.values())
        assert set(await queue(channel, district, overdue=True)) == {early.tracking_code}

        # A commune's overdue case is in its district's queue, flagged.
        await execute(
            database_urls["resolution"],
            "UPDATE cases SET unit_code = '25993' WHERE complaint_id = :c",
            c=uuid.UUID(early.complaint_id),
        )
        assert set(await queue(channel, district, overdue=True)) == {early.tracking_code}

        # Closed: no longer flagged, no longer in the overdue queue.
        await execute(
            database_urls["resolution"],
            "UPDATE cases SET status = 'REJECTED' WHERE complaint_id = :c",
            c=uuid.UUID(early.complaint_id),
        )
        assert set(await queue(channel, province, overdue=True)) == {elsewhere.tracking_code}
        closed = await queue(channel, district, status=types_pb2.CASE_STATUS_REJECTED)
        assert list(closed) == [early.tracking_code] and not closed[early.tracking_code].get(
            "overdue"
        )


async def test_a_supplement_resumes_the_review_and_moves_the_deadline(database_urls):
    system = InProcessSystem(database_urls, sla_hours=48)
    clock = Clock()
    event = submitted(Complaints(13), START)
    async with resolution_alone(system, clock) as channel:
        await deliver(system, "intake", event)
        due_at = await case_of(system, event, "due_at")
        paused_at = START + timedelta(hours=10)
        await execute(
            database_urls["resolution"],
            "UPDATE cases SET status = 'NEEDS_INFO', paused_at = :p WHERE complaint_id = :c",
            p=paused_at,
            c=uuid.UUID(event.complaint_id),
        )
        clock.advance(hours=100)  # long past the 48 h, but the case waited for the citizen
        token = system.token("DISTRICT_OFFICER", "731")
        waiting = (await queue(channel, token))[event.tracking_code]
        assert not waiting.get("overdue")
        await deliver(system, "intake", supplemented(event, clock.now))
        assert await case_of(system, event, "status") == "IN_REVIEW"
        assert await case_of(system, event, "due_at") == due_at + (clock.now - paused_at)
        assert await case_of(system, event, "version") == 2
        resumed = (await queue(channel, token))[event.tracking_code]
        assert not resumed.get("at_risk") and not resumed.get("overdue")  # 38 h left
        clock.advance(hours=15)
        assert (await queue(channel, token))[event.tracking_code].get("at_risk")


async def test_the_backlog_is_due_by_its_fixed_date(database_urls):
    cut_off = datetime(2021, 10, 3, tzinfo=LOCAL_ZONE)
    fixed = datetime(2021, 10, 15, 23, 59, tzinfo=LOCAL_ZONE)
    system = InProcessSystem(database_urls, backlog_received_before=cut_off, backlog_due_at=fixed)
    complaints = Complaints(14)
    old = submitted(complaints, datetime(2021, 9, 1, tzinfo=UTC))
    new = submitted(complaints, START)
    async with resolution_alone(system, Clock()):
        await deliver(system, "intake", old)
        await deliver(system, "intake", new)
    assert await case_of(system, old, "due_at") == fixed
    assert await case_of(system, new, "due_at") == START + timedelta(days=7)
