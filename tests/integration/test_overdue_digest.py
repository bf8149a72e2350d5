"""The officers' daily digest: at PHANANH_DIGEST_AT each unit whose officers gave a phone
hears its overdue and at-risk cases and its facilities' overdue re-checks, once per unit and
day whatever the replicas, and each such officer gets one SMS of it; an admin gives an
officer's account the mobile it goes to. The clock is the test's: nothing sleeps until 07:00."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, time, timedelta
from functools import partial
from pathlib import Path

import pytest

from notification.server import build as notification_build
from phananh.events.v1.envelope_pb2 import EventEnvelope
from phananh.events.v1.resolution_events_pb2 import OverdueDigest
from phananh_common.database import create_engine
from phananh_common.outbox import envelope_for
from phananh_common.protoconv import to_date
from phananh_common.server import RunningService
from resolution.accounts.wiring import account_service
from resolution.cases.service.digests import OverdueDigests
from tests.harness import InProcessSystem, eventually, execute
from tests.integration.cases import Clock, resolution_alone
from tests.notification_events import deliver

# 06:59 in Hồ Chí Minh City, on Monday 4 October 2021.
BEFORE_SEVEN = datetime(2021, 10, 3, 23, 59, tzinfo=UTC)
SEVEN = datetime(2021, 10, 4, 0, 0, tzinfo=UTC)
PHONES = {"bienhoa.canbo": "+84912000001", "trangdai.canbo": "+84912000002"}


async def open_case(url: str, unit: str, due_at: datetime, status="IN_REVIEW", paused_at=None):
    case_id = uuid.uuid4()
    await execute(
        url,
        "INSERT INTO cases (case_id, complaint_id, tracking_code, category, status, unit_code,"
        " submitted_at, due_at, version, complaint, paused_at) VALUES (:id, :id, :code,"
        " 'MISSING_DOSE', :status, :unit, :due, :due, 1, '', :paused)",
        id=case_id,
        code=case_id.hex[:10].upper(),
        status=status,
        unit=unit,
        due=due_at,
        paused=paused_at,
    )
    return case_id


async def open_recheck(url: str, case_id: uuid.UUID, facility: str, opened_at, status="PENDING"):
    await execute(
        url,
        "INSERT INTO rechecks (recheck_id, case_id, tracking_code, facility_code, unit_code,"
        " status, created_at) VALUES (:id, :case, 'X', :facility, '25993', :status, :at)",
        id=uuid.uuid4(),
        case=case_id,
        facility=facility,
        status=status,
        at=opened_at,
    )


@pytest.fixture
async def province(database_urls):
    """Officers with and without phones, and cases around 07:00 on 4 October."""
    system = InProcessSystem(database_urls, sms_rate_per_second=200)
    url = database_urls["resolution"]
    engine = create_engine(url, pool_size=1)
    accounts = account_service(system.settings("resolution"), engine)
    for username, role, unit in (
        ("bienhoa.canbo", "DISTRICT_OFFICER", "731"),
        ("trangdai.canbo", "COMMUNE_OFFICER", "25993"),
        ("trangdai.nghi", "COMMUNE_OFFICER", "25993"),  # disabled
        ("coso.f731001", "FACILITY_OFFICER", "F731001"),  # works no cases
        ("longkhanh.canbo", "DISTRICT_OFFICER", "732"),  # no phone
    ):
        await accounts.ensure_account(username, role, unit, "mat-khau-thu", "test")
    await engine.dispose()
    for username, phone in PHONES.items():
        await execute(
            url, "UPDATE accounts SET phone = :p WHERE username = :u", p=phone, u=username
        )
    await execute(
        url,
        "UPDATE accounts SET phone = '+84912000009', disabled = username = 'trangdai.nghi'"
        " WHERE username IN ('trangdai.nghi', 'coso.f731001')",
    )
    # Trảng Dài: one overdue, one due within 24 h, one closed late, one paused before its
    # deadline (it stands still), one due in three days. Biên Hòa itself: one overdue.
    # Long Khánh: overdue, but no one there gave a phone.
    await open_case(url, "25993", SEVEN - timedelta(hours=1))
    await open_case(url, "25993", SEVEN + timedelta(hours=20))
    await open_case(url, "25993", SEVEN - timedelta(days=2), status="RESOLVED")
    await open_case(
        url,
        "25993",
        SEVEN - timedelta(hours=2),
        status="NEEDS_INFO",
        paused_at=SEVEN - timedelta(days=3),
    )
    resolved = await open_case(url, "25993", SEVEN + timedelta(days=3), status="RESOLVED")
    # Re-checks of a facility in Biên Hòa (counted in its district, not in the commune whose
    # team approved the case): one past its 72 hours, one within them, one done; and one of
    # a facility the directory lacks.
    await execute(
        url,
        "INSERT INTO facilities (code, name, district_code, commune_code, imported_at)"
        " VALUES ('F731001', 'TYT', '731', '', now())",
    )
    await open_recheck(url, resolved, "F731001", SEVEN - timedelta(hours=73))
    await open_recheck(url, resolved, "F731001", SEVEN - timedelta(hours=71))
    await open_recheck(url, resolved, "F731001", SEVEN - timedelta(days=9), status="CONFIRMED")
    await open_recheck(url, resolved, "F999999", SEVEN - timedelta(days=9))
    await open_case(url, "731", SEVEN - timedelta(days=1), status="ASSIGNED")
    await open_case(url, "732", SEVEN - timedelta(days=1))
    return system


async def digests_in_outbox(url: str) -> list[OverdueDigest]:
    engine = create_engine(url, pool_size=1)
    async with engine.connect() as conn:
        rows = await conn.exec_driver_sql(
            "SELECT envelope FROM outbox_events WHERE type = 'phananh.events.v1.OverdueDigest'"
            " ORDER BY created_at"
        )
        envelopes = [EventEnvelope.FromString(r[0]) for r in rows]
    await engine.dispose()
    found = []
    for envelope in envelopes:
        digest = OverdueDigest()
        envelope.payload.Unpack(digest)
        found.append(digest)
    return sorted(found, key=lambda d: (to_date(d.local_date), d.unit_code))


async def test_each_unit_gets_one_digest_a_day_from_the_hour_whatever_the_replicas(province):
    url = province.database_urls["resolution"]
    engine = create_engine(url, pool_size=4)
    clock = Clock(BEFORE_SEVEN)
    replicas = [OverdueDigests(engine, time(7), clock, 72) for _ in range(3)]
    try:
        assert await replicas[0].publish_due() == 0
        clock.now = SEVEN
        published = await asyncio.gather(*(r.publish_due() for r in replicas))
        assert sorted(published) == [0, 0, 2]
        clock.advance(hours=10)
        assert await replicas[1].publish_due() == 0
        clock.advance(hours=14)  # 07:00 on the 5th: the Biên Hòa case resolved meanwhile
        await execute(url, "UPDATE cases SET status = 'RESOLVED' WHERE unit_code = '731'")
        assert await replicas[2].publish_due() == 2
    finally:
        await engine.dispose()
    digests = await digests_in_outbox(url)
    seen = [
        (
            str(to_date(d.local_date)),
            d.unit_code,
            d.overdue,
            d.at_risk,
            d.overdue_rechecks,
            [(r.username, r.phone) for r in d.recipients],
        )
        for d in digests
    ]
    district = [("bienhoa.canbo", PHONES["bienhoa.canbo"])]
    commune = [("trangdai.canbo", PHONES["trangdai.canbo"])]
    # A district's digest counts its communes' cases, as its queue shows them; by the 5th the
    # case due within 24 hours is overdue too, and so is the second re-check.
    assert seen == [
        ("2021-10-04", "25993", 1, 1, 0, commune),
        ("2021-10-04", "731", 2, 1, 1, district),
        ("2021-10-05", "25993", 2, 0, 0, commune),
        ("2021-10-05", "731", 2, 0, 2, district),
    ]


def sms_lines(system) -> list[dict]:
    path = Path(system.sms_file)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_each_officer_gets_one_sms_of_the_digest_and_duplicates_send_nothing(province):
    clock = Clock(BEFORE_SEVEN)
    notification = RunningService(
        province.settings("notification"), partial(notification_build, clock=clock)
    )
    await notification.start()
    url = province.database_urls["resolution"]
    try:
        async with resolution_alone(province, clock):
            clock.now = SEVEN + timedelta(minutes=1)
            engine = create_engine(url, pool_size=1)
            await OverdueDigests(engine, time(7), clock, 72).publish_due()
            await engine.dispose()

            async def both_sent():
                return len(sms_lines(province)) == 2

            await eventually(both_sent)
        # The relay's event again, and a second digest for the same units and day (as a
        # replica without the digest table would send): the officers hear nothing more.
        for digest in await digests_in_outbox(url):
            twice = envelope_for("resolution", digest)
            await deliver(province, twice)
            await deliver(province, twice)
        await asyncio.sleep(1.5)
    finally:
        await notification.stop()
    texts = sorted((line["to"], line["text"]) for line in sms_lines(province))
    assert texts == [
        (
            PHONES["bienhoa.canbo"],
            "Phan anh tiem chung Thanh pho Bien Hoa ngay 04/10/2021: 2 ho so qua han, 1 den han"
            " trong 24 gio, 1 ra soat cua co so tiem qua han. De nghi xu ly som.",
        ),
        (
            PHONES["trangdai.canbo"],
            "Phan anh tiem chung Phuong Trang Dai ngay 04/10/2021: 1 ho so qua han, 1 den han"
            " trong 24 gio, 0 ra soat cua co so tiem qua han. De nghi xu ly som.",
        ),
    ]


async def test_an_admin_gives_an_officer_a_mobile_through_the_gateway(http, province_admin):
    account = {"username": "bienhoa.canbo", "role": "DISTRICT_OFFICER", "unit_code": "731"}
    created = await http.post(
        "/api/v1/accounts", json=account | {"phone": "0912 345 678"}, headers=province_admin
    )
    assert created.status_code == 201, created.text
    refused = await http.post(
        "/api/v1/accounts",
        json=account | {"username": "bienhoa.khac", "phone": "12345"},
        headers=province_admin,
    )
    assert refused.status_code == 400
    assert [v["field"] for v in refused.json()["error"]["field_violations"]] == ["phone"]
    listed = await http.get("/api/v1/accounts", headers=province_admin)
    assert {a["username"]: a["phone"] for a in listed.json()["accounts"]} == {
        "bienhoa.canbo": "+84912345678"
    }
