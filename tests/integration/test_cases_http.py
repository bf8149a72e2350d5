"""The officers' case work through the gateway, over the real services: a submitted complaint
in its team's queue with the contract's fields, page by page; a repeat from another phone
shown as such and marked duplicate."""

from resolution.cases.service.decisions import BULK_MARGIN_SECONDS, NOT_REACHED
from tests.factories import Complaints
from tests.harness import eventually, gateway_client
from tests.integration.citizen import PNG
from tests.integration.registry import dose, extract, import_extract


def officer(system, role: str, unit: str) -> dict[str, str]:
    return {"authorization": f"Bearer {system.token(role, unit)}"}


async def submit(http, complaints: Complaints, count: int) -> list[str]:
    codes = []
    for _ in range(count):
        reply = await http.post("/api/v1/complaints", json=complaints.json())
        assert reply.status_code == 201, reply.text
        codes.append(reply.json()["tracking_code"])
    return codes


async def queue(http, headers, **params) -> list[dict]:
    found, token = [], ""
    while True:
        reply = await http.get(
            "/api/v1/cases", params={**params, "page_token": token}, headers=headers
        )
        assert reply.status_code == 200, reply.text
        found += reply.json()["cases"]
        token = reply.json()["next_page_token"]
        if not token:
            return found


async def test_submitted_complaints_reach_their_districts_queue(http, system):
    codes = await submit(http, Complaints(21), 3)
    district = officer(system, "DISTRICT_OFFICER", "731")

    async def all_there():
        return len(await queue(http, district, page_size=2)) == 3

    await eventually(all_there)
    cases = await queue(http, district, page_size=2, status="ASSIGNED")
    # Shown as the citizen got it: two groups of five.
    assert {c["tracking_code"] for c in cases} == set(codes)
    first = cases[0]
    assert set(first) == {
        "case_id",
        "tracking_code",
        "status",
        "category",
        "unit_code",
        "submitted_at",
        "due_at",
        "overdue",
        "at_risk",
        "version",
        "citizen_name",
        "one_strong_match",
    }
    assert (first["status"], first["unit_code"], first["version"]) == ("ASSIGNED", "731", 1)
    assert not first["overdue"] and not first["at_risk"]
    assert await queue(http, district, status="RESOLVED") == []
    outside = await http.get("/api/v1/cases", params={"unit_code": "732"}, headers=district)
    assert outside.status_code == 403
    bad = await http.get("/api/v1/cases", params={"status": "OPEN"}, headers=district)
    assert bad.status_code == 400


COMPLAINANT = {
    "full_name": "Nguyễn Thị Hồng",
    "date_of_birth": "1985-04-12",
    "gender": "FEMALE",
    "phone": "0912345678",
    "national_id": "075185000123",
    "address": {
        "province_code": "75",
        "district_code": "731",
        "commune_code": "25993",
        "street": "12 Phạm Văn Thuận",
    },
}
# R1 shares the identity number, R2 the name (written without diacritics) and birth date and
# holds the other dose, R3 the phone; R4 is someone else.
REGISTRY = extract(
    ("R1", {"phone": "0911111111"}, [dose(1, "2021-08-01")]),
    (
        "R2",
        {"full_name": "NGUYEN THI HONG", "national_id": "", "phone": ""},
        [dose(2, "2021-09-15")],
    ),
    ("R3", {"full_name": "Trần Văn Bình", "national_id": "075199999999"}, []),
    ("R4", {"full_name": "Lê Văn Tám", "national_id": "075180000001", "phone": ""}, []),
)


async def opened_case(http, system, complaint: dict) -> tuple[str, str]:
    """(tracking code, case id) of a complaint submitted through the gateway."""
    reply = await http.post("/api/v1/complaints", json=complaint)
    assert reply.status_code == 201, reply.text
    code = reply.json()["tracking_code"]
    province = officer(system, "PROVINCE_OFFICER", "75")

    async def case_of_code():
        cases = await queue(http, province)
        return next((c for c in cases if c["tracking_code"] == code), None)

    await eventually(case_of_code)
    return code, (await case_of_code())["case_id"]


async def test_a_case_shows_the_complaint_beside_the_registry(http, system, province_admin):
    ids = await import_extract(http, province_admin, REGISTRY)
    complaints = Complaints(22)
    code, case_id = await opened_case(http, system, complaints.json(citizen=COMPLAINANT))
    added = await http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": COMPLAINANT["phone"]},
        files={"file": ("giay.png", PNG, "image/png")},
    )
    assert added.status_code == 201
    evidence_id = added.json()["evidence_id"]

    # The province reading the case leaves it to its team; the team opening it starts the
    # review, once, and the citizen sees it.
    province = officer(system, "PROVINCE_OFFICER", "75")
    read_above = (await http.get(f"/api/v1/cases/{case_id}", headers=province)).json()
    assert (read_above["status"], read_above["version"]) == ("ASSIGNED", 1)
    district = officer(system, "DISTRICT_OFFICER", "731")
    reply = await http.get(f"/api/v1/cases/{case_id}", headers=district)
    assert reply.status_code == 200, reply.text
    case = reply.json()
    assert case["case_id"] == case_id
    assert (case["status"], case["version"]) == ("IN_REVIEW", 2)
    again = (await http.get(f"/api/v1/cases/{case_id}", headers=district)).json()
    assert (again["status"], again["version"]) == ("IN_REVIEW", 2)

    async def citizen_sees_review():
        status = await http.get(
            f"/api/v1/complaints/{code}", params={"phone": COMPLAINANT["phone"]}
        )
        return status.json()["status"] == "IN_REVIEW"

    await eventually(citizen_sees_review)
    assert case["complaint"]["citizen"]["full_name"] == COMPLAINANT["full_name"]
    assert case["complaint"]["citizen"]["phone"] == "+84912345678"
    assert case["complaint"]["claimed_doses"][0]["vaccine_code"] == "AZ"
    assert "otp" not in case["complaint"]
    (evidence,) = case["evidence"]
    assert {k: evidence[k] for k in ("evidence_id", "content_type", "size_bytes")} == {
        "evidence_id": evidence_id,
        "content_type": "image/png",
        "size_bytes": len(PNG),
    }
    matched = {c["citizen_id"]: c["matched_on"] for c in case["candidates"]}
    assert matched == {
        ids["R1"]: ["NATIONAL_ID", "NAME_DOB"],
        ids["R2"]: ["NAME_DOB"],
        ids["R3"]: ["PHONE"],
    }
    assert case["candidates"][0]["citizen_id"] == ids["R1"]
    assert [d["dose_number"] for d in case["candidates"][0]["doses"]] == [1]
    assert case["merge_proposals"] == [{"citizen_id": ids["R1"], "duplicate_citizen_id": ids["R2"]}]
    assert [(h["action"], h["actor"]) for h in case["history"]] == [
        ("ASSIGNED", "system"),
        ("IN_REVIEW", "tester"),
    ]

    file = await http.get(f"/api/v1/cases/{case_id}/evidence/{evidence_id}", headers=district)
    assert file.status_code == 200
    assert file.content == PNG and file.headers["content-type"] == "image/png"

    # Another complaint's file is not this case's; a case outside the unit is not found.
    other = complaints.json()
    other_file = await http.post(
        f"/api/v1/complaints/{(await opened_case(http, system, other))[0]}/evidence",
        data={"phone": other["citizen"]["phone"]},
        files={"file": ("giay.png", PNG, "image/png")},
    )
    crossed = await http.get(
        f"/api/v1/cases/{case_id}/evidence/{other_file.json()['evidence_id']}", headers=district
    )
    assert crossed.status_code == 404
    elsewhere = officer(system, "DISTRICT_OFFICER", "732")
    assert (await http.get(f"/api/v1/cases/{case_id}", headers=elsewhere)).status_code == 404
    assert (
        await http.get(f"/api/v1/cases/{case_id}/evidence/{evidence_id}", headers=elsewhere)
    ).status_code == 404
    assert (await http.get("/api/v1/cases/not-a-case", headers=district)).status_code == 404


async def test_a_repeat_from_another_phone_is_shown_to_officers_who_mark_it_duplicate(http, system):
    first = Complaints(24).json()
    code, first_case = await opened_case(http, system, first)
    # The same identity number and category from another phone, name and district.
    repeat = Complaints(25).json(category=first["category"])
    repeat["citizen"]["national_id"] = first["citizen"]["national_id"]
    repeat["citizen"]["address"] |= {"district_code": "732", "commune_code": "26080"}
    repeat_code, case_id = await opened_case(http, system, repeat)
    province = officer(system, "PROVINCE_OFFICER", "75")

    case = (await http.get(f"/api/v1/cases/{case_id}", headers=province)).json()

    assert case["possible_repeat_of"] == {"tracking_code": code, "case_id": first_case}
    original = (await http.get(f"/api/v1/cases/{first_case}", headers=province)).json()
    assert original["possible_repeat_of"] is None
    # The district holding only the repeat learns the fact, not the other complaint's code.
    district = await http.get(
        f"/api/v1/cases/{case_id}", headers=officer(system, "DISTRICT_OFFICER", "732")
    )
    assert district.json()["possible_repeat_of"] == {"tracking_code": None, "case_id": None}
    assert code not in district.text and code.replace("-", "") not in district.text

    marked = await http.post(
        f"/api/v1/cases/{case_id}/duplicate", json={"of_tracking_code": code}, headers=province
    )
    assert (marked.status_code, marked.json()["status"]) == (200, "DUPLICATE")

    async def status(tracking_code: str, phone: str):
        return await http.get(f"/api/v1/complaints/{tracking_code}", params={"phone": phone})

    async def told():
        return (await status(repeat_code, repeat["citizen"]["phone"])).json()["outcome"]

    await eventually(told)
    # Its citizen reads that it repeats an earlier complaint, not which one.
    shown = await status(repeat_code, repeat["citizen"]["phone"])
    assert shown.json()["outcome"]["kind"] == "DUPLICATE"
    assert code not in shown.text and code.replace("-", "") not in shown.text
    unchanged = (await status(code, first["citizen"]["phone"])).json()
    assert (unchanged["status"], unchanged["outcome"]) == ("ASSIGNED", None)


async def test_decisions_through_the_gateway(http, system, province_admin):
    ids = await import_extract(http, province_admin, REGISTRY)
    complaints = Complaints(23)
    _, case_id = await opened_case(http, system, complaints.json(citizen=COMPLAINANT))
    district = officer(system, "DISTRICT_OFFICER", "731")
    base = f"/api/v1/cases/{case_id}"

    bad = await http.post(
        f"{base}/approve",
        json={"citizen_id": ids["R1"], "corrections": [{"op": "ADD_DOSE", "dose_number": 1,
              "vaccinated_on": "2021-08-01", "vaccine_code": "AZ"}]},
        headers=district,
    )  # fmt: skip
    assert bad.status_code == 400
    assert [v["field"] for v in bad.json()["error"]["field_violations"]] == [
        "corrections[0].dose_number"
    ]
    unknown_op = await http.post(
        f"{base}/approve", json={"corrections": [{"op": "DELETE_DOSE"}]}, headers=district
    )
    assert unknown_op.status_code == 400
    stale = await http.post(
        f"{base}/reject", json={"reason_code": "PHOTO_UNREADABLE", "expected_version": 5},
        headers=district,
    )  # fmt: skip
    assert stale.status_code == 409 and stale.json()["error"]["reason"] == "STALE_VERSION"

    approved = await http.post(
        f"{base}/approve",
        json={
            "citizen_id": ids["R1"],
            "corrections": [
                {"op": "MERGE_RECORD", "duplicate_citizen_id": ids["R2"]},
                {"op": "UPDATE_PERSON", "phone": "0912345678"},
            ],
            "note": "Gộp hai hồ sơ",
            "expected_version": 1,
        },
        headers=district,
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "RESOLVED" and approved.json()["version"] == 2
    record = (await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)).json()
    assert [d["dose_number"] for d in record["doses"]] == [1, 2]
    assert record["certificate"]["level"] == "FULL" and record["phone"] == "+84912345678"
    closed = await http.post(
        f"{base}/request-info", json={"message": "Gửi thêm ảnh"}, headers=district
    )
    assert closed.status_code == 409 and closed.json()["error"]["reason"] == "CASE_CLOSED"

    _, other = await opened_case(http, system, complaints.json())
    results = await http.post(
        "/api/v1/cases:bulk",
        json={"case_ids": [other, case_id], "action": "REJECT", "reason_code": "ALL_MISMATCH"},
        headers=district,
    )
    assert results.status_code == 200
    assert [(r["case_id"], r["ok"]) for r in results.json()["results"]] == [
        (other, True),
        (case_id, False),
    ]
    history = (await http.get(base, headers=district)).json()["history"]
    assert [(h["action"], h["note"]) for h in history][-1] == ("RESOLVED", "Gộp hai hồ sơ")


async def test_rechecks_through_the_gateway(http, system, province_admin):
    ids = await import_extract(http, province_admin, REGISTRY)
    code, case_id = await opened_case(http, system, Complaints(24).json(citizen=COMPLAINANT))
    district = officer(system, "DISTRICT_OFFICER", "731")
    approved = await http.post(
        f"/api/v1/cases/{case_id}/approve",
        json={"citizen_id": ids["R1"], "corrections": [{"op": "ADD_DOSE", "dose_number": 2,
              "vaccinated_on": "2021-09-01", "vaccine_code": "AZ", "facility_code": "F731001"}]},
        headers=district,
    )  # fmt: skip
    assert approved.status_code == 200, approved.text
    facility = officer(system, "FACILITY_OFFICER", "F731001")
    listed = await http.get("/api/v1/rechecks", params={"status": "PENDING"}, headers=facility)
    assert listed.status_code == 200
    (recheck,) = listed.json()["rechecks"]
    assert (recheck["case_id"], recheck["facility_code"], recheck["status"]) == (
        case_id,
        "F731001",
        "PENDING",
    )
    assert recheck["tracking_code"] == code and recheck["created_at"]
    flagged = await http.post(
        f"/api/v1/rechecks/{recheck['recheck_id']}",
        json={"result": "FLAGGED", "note": "Sai số lô"},
        headers=facility,
    )
    assert flagged.status_code == 200 and flagged.json()["status"] == "FLAGGED"
    case = (await http.get(f"/api/v1/cases/{case_id}", headers=district)).json()
    assert case["status"] == "IN_REVIEW"
    assert case["history"][-1]["action"] == "RECHECK_FLAGGED F731001"


async def test_a_bulk_has_its_own_deadline(http, system):
    complaints = Complaints(25)
    case_ids = [(await opened_case(http, system, complaints.json()))[1] for _ in range(3)]
    district = officer(system, "DISTRICT_OFFICER", "731")
    body = {"case_ids": case_ids, "action": "REJECT", "reason_code": "ALREADY_CORRECT"}
    # Too short a bulk deadline: a result per case, each unchanged, rather than a timeout.
    async with gateway_client(system, bulk_deadline_seconds=BULK_MARGIN_SECONDS - 0.1) as short:
        reply = await short.post("/api/v1/cases:bulk", json=body, headers=district)
    assert reply.status_code == 200, reply.text
    assert reply.json()["results"] == [
        {"case_id": c, "ok": False, "error": NOT_REACHED, "reason": None} for c in case_ids
    ]
    # The other calls' deadline does not bound a bulk.
    async with gateway_client(system, call_deadline_seconds=BULK_MARGIN_SECONDS - 0.1) as other:
        reply = await other.post("/api/v1/cases:bulk", json=body, headers=district)
    assert [r["ok"] for r in reply.json()["results"]] == [True, True, True]
    rejected = await queue(http, district, status="REJECTED")
    assert {c["case_id"] for c in rejected} == set(case_ids)
