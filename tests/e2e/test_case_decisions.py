"""The officer's decisions as `make run` runs them, process by process: a citizen submits
through the gateway, the district's officer opens the case and decides, and each decision
reaches the registry, the citizen's status lookup (intake's projection), the SMS that go out
(exactly one per decision) and the reports."""

import pytest

from tests.e2e.test_notification import sms_lines
from tests.factories import Complaints
from tests.harness import eventually
from tests.integration.registry import PERSON, dose, extract, import_extract

WAIT = 30  # seconds: each step crosses two or three processes and their relays
# The citizen of the registry's record R1, who holds dose 1 there and claims doses 1 and 2.
CITIZEN = {
    "full_name": PERSON["full_name"],
    "date_of_birth": PERSON["date_of_birth"],
    "gender": PERSON["gender"],
    "phone": PERSON["phone"],
    "national_id": PERSON["national_id"],
    "address": {
        "province_code": "75",
        "district_code": "731",
        "commune_code": "25993",
        "street": "12 Phạm Văn Thuận",
    },
}


@pytest.fixture
def district(officer) -> dict[str, str]:
    return officer("DISTRICT_OFFICER", "731")


async def submit(http, body: dict) -> str:
    reply = await http.post("/api/v1/complaints", json=body)
    assert reply.status_code == 201, reply.text
    return reply.json()["tracking_code"]


async def case_in_queue(http, headers, code: str, status: str) -> dict:
    """The case of `code` once it is in the officer's queue with `status`."""
    found = {}

    async def listed():
        token = ""
        while True:
            params = {"status": status, "page_token": token, "page_size": 500}
            page = (await http.get("/api/v1/cases", params=params, headers=headers)).json()
            found.update({c["tracking_code"]: c for c in page["cases"]})
            token = page["next_page_token"]
            if code in found or not token:
                return code in found

    await eventually(listed, timeout=WAIT)
    return found[code]


async def citizen_sees(http, code: str, phone: str, status: str) -> dict:
    """The status lookup once intake's projection shows `status`."""
    seen = {}

    async def shown():
        reply = await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})
        seen.update(reply.json())
        return seen.get("status") == status

    await eventually(shown, timeout=WAIT)
    return seen


async def one_text(stack, http, admin, code: str, kind: str) -> str:
    """The text of the single SMS of `kind` for the complaint, once notification has sent it
    (committed as SENT, so no worker sends it again)."""

    async def sent():
        reply = await http.get("/api/v1/messages", params={"tracking_code": code}, headers=admin)
        return any(
            m["kind"] == kind and m["status"] in ("SENT", "DELIVERED")
            for m in reply.json()["messages"]
        )

    await eventually(sent, timeout=WAIT)
    messages = (
        await http.get("/api/v1/messages", params={"tracking_code": code}, headers=admin)
    ).json()["messages"]
    (message,) = [m for m in messages if m["kind"] == kind]
    lines = [line for line in sms_lines(stack) if line["message_id"] == message["message_id"]]
    assert len(lines) == 1
    return lines[0]["text"]


async def approve_second_dose(http, headers, opened: dict, citizen_id: str):
    """The officer approves the opened case for the citizen, adding the dose 2 they claim."""
    return await http.post(
        f"/api/v1/cases/{opened['case_id']}/approve",
        json={
            "citizen_id": citizen_id,
            "corrections": [
                {"op": "ADD_DOSE", "dose_number": 2, "vaccinated_on": "2021-09-15",
                 "vaccine_code": "AZ", "lot_number": "L2", "facility_code": "F731001"}
            ],
            "note": "Đối chiếu sổ tiêm của cơ sở",
            "expected_version": opened["version"],
        },
        headers=headers,
    )  # fmt: skip


async def summary(http, admin) -> dict:
    reply = await http.get("/api/v1/reports/summary", params={"unit_code": "731"}, headers=admin)
    assert reply.status_code == 200, reply.text
    return reply.json()


async def counts_move(http, admin, before: dict, **expected: int) -> None:
    """Waits until reporting's figures of the district moved by `expected` from `before`."""

    async def moved():
        now = await summary(http, admin)
        return all(now[k] - before[k] == n for k, n in expected.items())

    await eventually(moved, timeout=WAIT)


async def counted(http, admin, before: dict) -> dict:
    """The figures once reporting counts the complaint submitted since `before` as pending:
    its event may reach reporting after resolution has opened the case."""
    await counts_move(http, admin, before, pending=1)
    return await summary(http, admin)


async def test_an_approval_corrects_the_record_and_tells_the_citizen(
    stack, http, district, province_admin
):
    ids = await import_extract(http, province_admin, extract(("R1", {}, [dose(1, "2021-08-01")])))
    record_url = f"/api/v1/registry/citizens/{ids['R1']}"
    before_record = (await http.get(record_url, headers=district)).json()
    assert before_record["certificate"]["level"] == "PARTIAL"
    before = await summary(http, province_admin)
    code = await submit(http, Complaints(51).json(citizen=CITIZEN))
    case = await case_in_queue(http, district, code, "ASSIGNED")
    counts = await counted(http, province_admin, before)

    opened = (await http.get(f"/api/v1/cases/{case['case_id']}", headers=district)).json()
    assert opened["status"] == "IN_REVIEW"
    assert ids["R1"] in [c["citizen_id"] for c in opened["candidates"]]
    await citizen_sees(http, code, CITIZEN["phone"], "IN_REVIEW")
    approved = await approve_second_dose(http, district, opened, ids["R1"])
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "RESOLVED"

    record = (await http.get(record_url, headers=district)).json()
    assert [d["dose_number"] for d in record["doses"]] == [1, 2]
    assert record["certificate"]["level"] == "FULL"
    assert record["certificate"]["version"] == before_record["certificate"]["version"] + 1
    assert record["certificate"]["certificate_id"] != before_record["certificate"]["certificate_id"]

    status = await citizen_sees(http, code, CITIZEN["phone"], "RESOLVED")
    assert status["outcome"]["kind"] == "RESOLVED" and status["certificate_level"] == "FULL"
    text = await one_text(stack, http, province_admin, code, "RESOLVED")
    assert code in text and "da duoc xu ly" in text and "mau xanh" in text
    assert CITIZEN["full_name"] not in text
    await counts_move(http, province_admin, counts, resolved=1, pending=-1)


async def test_a_rejection_gives_the_reason_and_the_advice(stack, http, district, province_admin):
    reasons = (await http.get("/api/v1/rejection-reasons")).json()["reasons"]
    advice = next(r["citizen_advice"] for r in reasons if r["code"] == "PHOTO_UNREADABLE")
    body = Complaints(52).json()
    before = await summary(http, province_admin)
    code = await submit(http, body)
    case = await case_in_queue(http, district, code, "ASSIGNED")
    counts = await counted(http, province_admin, before)

    rejected = await http.post(
        f"/api/v1/cases/{case['case_id']}/reject",
        json={"reason_code": "PHOTO_UNREADABLE", "note": "Ảnh chụp bị mờ"},
        headers=district,
    )
    assert rejected.status_code == 200, rejected.text
    status = await citizen_sees(http, code, body["citizen"]["phone"], "REJECTED")
    assert status["outcome"]["reason_code"] == "PHOTO_UNREADABLE"
    assert status["outcome"]["message"] == advice
    text = await one_text(stack, http, province_admin, code, "REJECTED")
    assert code in text and "khong duoc chap nhan" in text
    await counts_move(http, province_admin, counts, rejected=1, pending=-1)
    after = await summary(http, province_admin)
    assert after["rejection_reasons"]["PHOTO_UNREADABLE"] == (
        counts["rejection_reasons"].get("PHOTO_UNREADABLE", 0) + 1
    )


async def test_a_request_for_information_waits_for_the_citizen_then_returns_to_the_queue(
    stack, http, district, province_admin
):
    body = Complaints(53).json()
    phone = body["citizen"]["phone"]
    before = await summary(http, province_admin)
    code = await submit(http, body)
    case = await case_in_queue(http, district, code, "ASSIGNED")
    counts = await counted(http, province_admin, before)

    asked = await http.post(
        f"/api/v1/cases/{case['case_id']}/request-info",
        json={"message": "Gửi ảnh giấy xác nhận tiêm mũi 2"},
        headers=district,
    )
    assert asked.status_code == 200 and asked.json()["status"] == "NEEDS_INFO"
    status = await citizen_sees(http, code, phone, "NEEDS_INFO")
    assert status["outcome"]["message"] == "Gửi ảnh giấy xác nhận tiêm mũi 2"
    text = await one_text(stack, http, province_admin, code, "INFORMATION_NEEDED")
    assert code in text and "can bo sung" in text
    await counts_move(http, province_admin, counts, needs_info=1, pending=0)

    supplement = await http.post(
        f"/api/v1/complaints/{code}/supplement",
        json={"phone": phone, "description": "Đã gửi ảnh giấy xác nhận mũi 2"},
    )
    assert supplement.status_code == 200, supplement.text
    back = await case_in_queue(http, district, code, "IN_REVIEW")
    assert back["case_id"] == case["case_id"]
    detail = (await http.get(f"/api/v1/cases/{case['case_id']}", headers=district)).json()
    assert detail["history"][-1]["action"] == "SUPPLEMENTED"
    await citizen_sees(http, code, phone, "IN_REVIEW")
    await counts_move(http, province_admin, counts, needs_info=0, pending=0)
