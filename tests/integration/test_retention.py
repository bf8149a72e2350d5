"""Personal data kept no longer than needed, over the real services: a complaint closed longer
than PHANANH_RETENTION_DAYS loses its evidence and its person (a pseudonym in its place) while
its tracking code and the reports stay as they were; a province admin erases one complaint at
its citizen's request, and the erasure is recorded; nobody else may."""

from datetime import timedelta

from intake.service.erasure import Erasures
from phananh.types.v1 import types_pb2
from phananh_common.database import create_engine
from phananh_common.local_time import utc_now
from tests.factories import Complaints
from tests.harness import eventually, fetch
from tests.integration.citizen import PNG, count
from tests.integration.test_cases_http import officer, opened_case


async def rejected_with_a_photo(http, system, seed: int) -> tuple[str, dict]:
    body = Complaints(seed).json()
    code, case_id = await opened_case(http, system, body)
    added = await http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": body["citizen"]["phone"]},
        files={"file": ("giay.png", PNG, "image/png")},
    )
    assert added.status_code == 201
    province = officer(system, "PROVINCE_OFFICER", "75")
    rejected = await http.post(
        f"/api/v1/cases/{case_id}/reject",
        json={"reason_code": "PHOTO_UNREADABLE", "expected_version": 1},
        headers=province,
    )
    assert rejected.status_code == 200, rejected.text

    async def closed_for_the_citizen():
        status = await http.get(
            f"/api/v1/complaints/{code}", params={"phone": body["citizen"]["phone"]}
        )
        return status.json()["status"] == "REJECTED"

    await eventually(closed_for_the_citizen)
    return code, body


async def person_of(system, code: str) -> tuple[types_pb2.Citizen, str, int]:
    """The complaint's citizen as intake keeps it, its phone column and its files."""
    (complaint, phone), *_ = await fetch(
        system.database_urls["intake"],
        "SELECT complaint, phone FROM complaints WHERE tracking_code = :c",
        c=code.replace("-", ""),
    )
    files = await count(
        system,
        "SELECT count(*) FROM evidence JOIN complaints USING (complaint_id)"
        " WHERE tracking_code = :c",
        c=code.replace("-", ""),
    )
    return types_pb2.Complaint.FromString(complaint).citizen, phone, files


async def test_a_closed_complaint_past_its_retention_keeps_no_personal_data(http, system):
    code, body = await rejected_with_a_photo(http, system, 80)
    province = officer(system, "PROVINCE_OFFICER", "75")

    async def summary() -> dict:
        return (await http.get("/api/v1/reports/summary", headers=province)).json()

    async def counted():
        return (await summary())["rejected"] == 1

    await eventually(counted)
    before = await summary()

    settings = system.settings("intake")
    engine = create_engine(system.database_urls["intake"], pool_size=1)
    try:
        # The retention's own job, as it runs an hour before and an hour after the day.
        for hours, erased in ((-1, 0), (1, 1)):
            shift = settings.kept_for + timedelta(hours=hours)
            job = Erasures(engine, lambda shift=shift: utc_now() + shift, settings.kept_for)
            assert await job.erase_expired() == erased
        past = Erasures(engine, lambda: utc_now() + 2 * settings.kept_for, settings.kept_for)
        assert await past.erase_expired() == 0
    finally:
        await engine.dispose()

    citizen, phone, files = await person_of(system, code)
    assert files == 0
    assert citizen.full_name.startswith("erased:") and phone == citizen.full_name
    assert (citizen.phone, citizen.national_id, citizen.address.street) == ("", "", "")
    assert citizen.address.commune_code == body["citizen"]["address"]["commune_code"]
    assert body["citizen"]["full_name"] not in repr(
        await fetch(system.database_urls["intake"], "SELECT * FROM complaints")
    )
    # The code stays; the phone no longer opens it; the figures have not moved.
    gone = await http.get(f"/api/v1/complaints/{code}", params={"phone": body["citizen"]["phone"]})
    assert gone.status_code == 404
    assert await summary() == before
    assert (
        await count(
            system, "SELECT actor FROM erasures WHERE tracking_code = :c", c=code.replace("-", "")
        )
        == "retention"
    )

    # Notification, told by the event, keeps the pseudonym in place of the phone.
    async def notification_forgot():
        phones = await fetch(
            system.database_urls["notification"],
            "SELECT DISTINCT r.phone, m.recipient FROM recipients r"
            " JOIN messages m USING (complaint_id) WHERE m.tracking_code = :c",
            c=code.replace("-", ""),
        )
        return phones and all(tuple(p) == (phone, phone) for p in phones)

    await eventually(notification_forgot)


async def test_a_province_admin_erases_one_complaint_on_request(http, system, province_admin):
    code, _ = await rejected_with_a_photo(http, system, 81)
    for role, unit in (("PROVINCE_OFFICER", "75"), ("DISTRICT_ADMIN", "731")):
        refused = await http.post(
            f"/api/v1/complaints/{code}:erase", headers=officer(system, role, unit)
        )
        assert refused.status_code == 403
    assert (await person_of(system, code))[2] == 1

    erased = await http.post(f"/api/v1/complaints/{code}:erase", headers=province_admin)
    assert erased.status_code == 200, erased.text
    assert erased.json()["tracking_code"] == code
    citizen, _, files = await person_of(system, code)
    assert files == 0 and citizen.full_name.startswith("erased:")
    recorded = await fetch(
        system.database_urls["intake"],
        "SELECT actor, role, client_address FROM erasures WHERE tracking_code = :c",
        c=code.replace("-", ""),
    )
    assert [tuple(r) for r in recorded] == [("tester", "PROVINCE_ADMIN", "127.0.0.1")]
    unknown = await http.post("/api/v1/complaints/ZZZZZ-ZZZZZ:erase", headers=province_admin)
    assert unknown.status_code == 404
