"""Through the gateway over the real services: the case shows how the claim differs from each
candidate with the corrections to make; after the approval each facility re-checks exactly
its own doses, before and after, beside the citizen and the complaint's evidence; a flag
needs a note and reopens the case, whose next decision reaches the citizen again."""

import json
from datetime import datetime, timedelta
from pathlib import Path

from tests.factories import Complaints
from tests.harness import eventually, scalar
from tests.integration.citizen import PNG, import_facilities
from tests.integration.registry import PERSON, dose, extract, import_extract
from tests.integration.test_cases_http import COMPLAINANT, REGISTRY, officer, opened_case

CLAIMED = [
    # The registry holds dose 1 with lot L1: the citizen's card says L9.
    {"dose_number": 1, "vaccinated_on": "2021-08-01", "vaccine_code": "AZ", "lot_number": "L9",
     "facility_code": "F731001"},
    # Not in the registry at all, given in Long Khánh.
    {"dose_number": 2, "vaccinated_on": "2021-09-15", "vaccine_code": "AZ",
     "facility_code": "F732001"},
]  # fmt: skip
DOSE_1 = {"vaccinated_on": "2021-08-01", "vaccine_code": "AZ", "facility_code": "F731001"}


def shown(corrections: list[dict]) -> list[dict]:
    """The corrections as the officer sends them back: the fields they change."""
    return [{k: v for k, v in c.items() if v is not None} for c in corrections]


async def test_the_case_shows_each_candidates_differences_and_the_corrections_to_make(
    http, system, province_admin
):
    ids = await import_extract(http, province_admin, REGISTRY)
    _, case_id = await opened_case(http, system, Complaints(41).json(citizen=COMPLAINANT))
    district = officer(system, "DISTRICT_OFFICER", "731")
    case = (await http.get(f"/api/v1/cases/{case_id}", headers=district)).json()
    differences = {d["citizen_id"]: d for d in case["differences"]}
    assert list(differences) == [c["citizen_id"] for c in case["candidates"]]
    phone = {"field": "phone", "claimed": "+84912345678"}

    # R1 (the identity number, dose 1) has another phone; its other half, R2, holds dose 2
    # under the same name written without diacritics: no name difference, a merge.
    r1 = differences[ids["R1"]]
    assert (r1["missing_doses"], r1["doses"]) == ([2], [])
    assert r1["person"] == [phone | {"recorded": "+84911111111"}]
    assert case["proposed_citizen_id"] == ids["R1"]
    assert shown(case["proposed_corrections"]) == [
        {"op": "MERGE_RECORD", "duplicate_citizen_id": ids["R2"]},
        {"op": "UPDATE_PERSON", "phone": "+84912345678"},
    ]
    assert case["proposed_corrections"] == r1["corrections"]
    # Picked the other way round, R2 merges R1 and gains what only R1 had.
    r2 = differences[ids["R2"]]
    assert r2["missing_doses"] == [1]
    assert r2["person"] == [
        {"field": "national_id", "claimed": COMPLAINANT["national_id"], "recorded": ""},
        phone | {"recorded": ""},
    ]
    assert shown(r2["corrections"])[0] == {"op": "MERGE_RECORD", "duplicate_citizen_id": ids["R1"]}
    # R3 shares only the phone: another name, another identity number, neither dose.
    r3 = differences[ids["R3"]]
    assert r3["missing_doses"] == [1, 2]
    assert [p["field"] for p in r3["person"]] == ["full_name", "national_id"]
    assert [c["op"] for c in r3["corrections"]] == ["ADD_DOSE", "ADD_DOSE", "UPDATE_PERSON"]

    # The proposal, sent back as it came, is an approval: one record with both doses.
    approved = await http.post(
        f"/api/v1/cases/{case_id}/approve",
        json={"citizen_id": ids["R1"], "corrections": shown(case["proposed_corrections"])},
        headers=district,
    )
    assert approved.status_code == 200, approved.text
    record = (await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)).json()
    assert ([d["dose_number"] for d in record["doses"]], record["phone"]) == (
        [1, 2],
        "+84912345678",
    )


async def recheck_of(http, headers) -> dict:
    reply = await http.get("/api/v1/rechecks", params={"status": "PENDING"}, headers=headers)
    assert reply.status_code == 200, reply.text
    (only,) = reply.json()["rechecks"]
    return only


async def test_each_facility_rechecks_its_doses_before_and_after_and_a_flag_reopens_the_case(
    http, system, province_admin
):
    await import_facilities(http, province_admin)
    ids = await import_extract(http, province_admin, extract(("R1", {}, [dose(1, "2021-08-01")])))
    complaint = Complaints(42).json(
        citizen=COMPLAINANT, category="WRONG_DOSE_INFO", claimed_doses=CLAIMED
    )
    code, case_id = await opened_case(http, system, complaint)
    added = await http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": COMPLAINANT["phone"]},
        files={"file": ("the.png", PNG, "image/png")},
    )
    evidence_id = added.json()["evidence_id"]
    # Doses of two districts: the province's case.
    team = officer(system, "PROVINCE_OFFICER", "75")
    case = (await http.get(f"/api/v1/cases/{case_id}", headers=team)).json()
    (difference,) = case["differences"]
    assert difference["missing_doses"] == [2]
    assert difference["doses"] == [
        {"dose_number": 1, "field": "lot_number", "claimed": "L9", "recorded": "L1"}
    ]
    dose_id = case["candidates"][0]["doses"][0]["dose_id"]
    assert shown(case["proposed_corrections"]) == [
        {"op": "UPDATE_DOSE", "dose_id": dose_id, "lot_number": "L9"},
        {"op": "ADD_DOSE", "dose_number": 2, "vaccinated_on": "2021-09-15", "vaccine_code": "AZ",
         "lot_number": "", "facility_code": "F732001"},
    ]  # fmt: skip
    approve = {"citizen_id": ids["R1"], "corrections": shown(case["proposed_corrections"])}
    reply = await http.post(f"/api/v1/cases/{case_id}/approve", json=approve, headers=team)
    assert reply.status_code == 200, reply.text

    # Each facility reads its own re-check: the doses it gave, before and after.
    trung_dung = officer(system, "FACILITY_OFFICER", "F731001")
    long_khanh = officer(system, "FACILITY_OFFICER", "F732001")
    mine = await recheck_of(http, trung_dung)
    assert mine["citizen"] == {
        "full_name": PERSON["full_name"],
        "date_of_birth": PERSON["date_of_birth"],
        "national_id_last4": PERSON["national_id"][-4:],
    }
    assert mine["changes"] == [
        {
            "op": "UPDATE_DOSE",
            "dose_number": 1,
            "before": DOSE_1 | {"lot_number": "L1"},
            "after": DOSE_1 | {"lot_number": "L9"},
        }
    ]
    opened = datetime.fromisoformat(mine["created_at"])
    assert datetime.fromisoformat(mine["due_at"]) - opened == timedelta(hours=72)
    assert mine["overdue"] is False
    theirs = await recheck_of(http, long_khanh)
    assert [(c["op"], c["dose_number"], c["before"]) for c in theirs["changes"]] == [
        ("ADD_DOSE", 2, None)
    ]
    assert theirs["changes"][0]["after"]["facility_code"] == "F732001"

    # The detail adds the complaint's evidence, for that facility alone.
    mine_url = f"/api/v1/rechecks/{mine['recheck_id']}"
    detail = (await http.get(mine_url, headers=trung_dung)).json()
    assert detail["changes"] == mine["changes"]
    assert [e["evidence_id"] for e in detail["evidence"]] == [evidence_id]
    file = await http.get(f"{mine_url}/evidence/{evidence_id}", headers=trung_dung)
    assert (file.status_code, file.content) == (200, PNG)
    assert (await http.get(mine_url, headers=long_khanh)).status_code == 404
    other_file = await http.get(f"{mine_url}/evidence/{evidence_id}", headers=long_khanh)
    assert other_file.status_code == 404

    # A flag without a note is refused on the field; with one it reopens the case.
    silent = await http.post(mine_url, json={"result": "FLAGGED"}, headers=trung_dung)
    assert silent.status_code == 400
    violations = silent.json()["error"]["field_violations"]
    assert [v["field"] for v in violations] == ["note"]
    note = "Sổ tiêm của trạm ghi lô L1"
    flagged = await http.post(
        mine_url, json={"result": "FLAGGED", "note": note}, headers=trung_dung
    )
    assert flagged.status_code == 200, flagged.text
    reopened = (await http.get(f"/api/v1/cases/{case_id}", headers=team)).json()
    assert reopened["status"] == "IN_REVIEW"
    assert (reopened["history"][-1]["action"], reopened["history"][-1]["note"]) == (
        "RECHECK_FLAGGED F731001",
        note,
    )

    # The team reverses the lot: the citizen hears the result again, the record goes to the
    # health book again, and the facility re-checks the reversal.
    reverse = [{"op": "UPDATE_DOSE", "dose_id": dose_id, "lot_number": "L1"}]
    again = await http.post(
        f"/api/v1/cases/{case_id}/approve",
        json={"citizen_id": ids["R1"], "corrections": reverse},
        headers=team,
    )
    assert again.json()["status"] == "RESOLVED", again.text
    second = await recheck_of(http, trung_dung)
    assert (second["changes"][0]["before"]["lot_number"], second["changes"][0]["after"]) == (
        "L9",
        DOSE_1 | {"lot_number": "L1"},
    )
    corrected = await scalar(
        system.database_urls["resolution"],
        "SELECT count(*) FROM outbox_events WHERE type = :t",
        t="phananh.events.v1.RegistryRecordCorrected",
    )
    assert corrected == 2

    async def told_twice():
        path = Path(system.sms_file)
        lines = [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []
        return sum(code in x["text"] and "da duoc xu ly" in x["text"] for x in lines) == 2

    await eventually(told_twice)
