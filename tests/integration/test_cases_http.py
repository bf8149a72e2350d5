"""The officers' case work through the gateway, over the real services: a submitted complaint
in its team's queue with the contract's fields, page by page."""

from tests.factories import Complaints
from tests.harness import eventually


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
    assert {c["tracking_code"].replace("-", "") for c in cases} == {
        code.replace("-", "") for code in codes
    }
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
    }
    assert (first["status"], first["unit_code"], first["version"]) == ("ASSIGNED", "731", 1)
    assert not first["overdue"] and not first["at_risk"]
    assert await queue(http, district, status="RESOLVED") == []
    outside = await http.get("/api/v1/cases", params={"unit_code": "732"}, headers=district)
    assert outside.status_code == 403
    bad = await http.get("/api/v1/cases", params={"status": "OPEN"}, headers=district)
    assert bad.status_code == 400
