"""The access audit through the gateway, over the real services: an officer's reads of a case,
its evidence file and registry records are each recorded (who, role, when, what, from where),
filtered and exported as CSV by a province admin and by nobody else; the entries cannot be
changed or removed, even by the service's own database role."""

import csv
import io

import pytest
from sqlalchemy.exc import DBAPIError

from tests.factories import Complaints
from tests.harness import execute, gateway_client, scalar
from tests.integration.citizen import PNG
from tests.integration.registry import dose, extract, import_extract
from tests.integration.test_cases_http import COMPLAINANT, officer, opened_case

REGISTRY = extract(("R1", {"phone": "0911111111"}, [dose(1, "2021-08-01")]))


async def audit(http, headers, **params) -> list[dict]:
    reply = await http.get("/api/v1/audit/access", params=params, headers=headers)
    assert reply.status_code == 200, reply.text
    return reply.json()["entries"]


async def test_an_officers_reads_are_recorded_and_read_by_province_admins_alone(
    system, province_admin
):
    async with gateway_client(system, client_address="203.0.113.7") as http:
        ids = await import_extract(http, province_admin, REGISTRY)
        code, case_id = await opened_case(http, system, Complaints(60).json(citizen=COMPLAINANT))
        added = await http.post(
            f"/api/v1/complaints/{code}/evidence",
            data={"phone": COMPLAINANT["phone"]},
            files={"file": ("giay.png", PNG, "image/png")},
        )
        evidence_id = added.json()["evidence_id"]
        district = officer(system, "DISTRICT_OFFICER", "731")
        assert (await http.get(f"/api/v1/cases/{case_id}", headers=district)).status_code == 200
        file = await http.get(f"/api/v1/cases/{case_id}/evidence/{evidence_id}", headers=district)
        assert file.status_code == 200
        assert (
            await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)
        ).status_code == 200
        found = await http.get(
            "/api/v1/registry/citizens", params={"phone": "0911111111"}, headers=district
        )
        assert found.status_code == 200
        # A read refused (outside the unit) read nothing: nothing is recorded of it.
        elsewhere = officer(system, "DISTRICT_OFFICER", "732")
        assert (await http.get(f"/api/v1/cases/{case_id}", headers=elsewhere)).status_code == 404

        entries = await audit(http, province_admin, case_id=case_id)
    # Newest first: the evidence file, then the case with the registry record it showed.
    assert [(e["action"], e["citizen_id"]) for e in entries] == [
        ("EVIDENCE_READ", ""),
        ("REGISTRY_READ", ids["R1"]),
        ("CASE_READ", ""),
    ]
    assert entries[0]["evidence_id"] == evidence_id
    assert {(e["actor"], e["role"], e["client_address"]) for e in entries} == {
        ("tester", "DISTRICT_OFFICER", "203.0.113.7")
    }
    async with gateway_client(system) as http:
        of_record = await audit(http, province_admin, citizen_id=ids["R1"])
        assert [e["action"] for e in of_record] == [
            "REGISTRY_SEARCH",
            "REGISTRY_READ",
            "REGISTRY_READ",
        ]
        first = entries[-1]["at"]
        assert len(await audit(http, province_admin, to=first)) == 0
        assert len(await audit(http, province_admin, **{"from": first})) == 5
        paged = await http.get(
            "/api/v1/audit/access", params={"page_size": 2}, headers=province_admin
        )
        token = paged.json()["next_page_token"]
        rest = await audit(http, province_admin, page_token=token)
        assert len(paged.json()["entries"]) + len(rest) == 5

        exported = await http.get(
            "/api/v1/audit/access", params={"format": "csv"}, headers=province_admin
        )
        assert exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert [r["action"] for r in rows][:2] == ["REGISTRY_SEARCH", "REGISTRY_READ"]
        assert len(rows) == 5 and rows[0]["client_address"] == "203.0.113.7"

        for role, unit in (("PROVINCE_OFFICER", "75"), ("DISTRICT_ADMIN", "731")):
            refused = await http.get("/api/v1/audit/access", headers=officer(system, role, unit))
            assert refused.status_code == 403
        assert (await http.get("/api/v1/audit/access")).status_code == 401
        bad = await http.get(
            "/api/v1/audit/access", params={"case_id": "x"}, headers=province_admin
        )
        assert bad.status_code == 400
        assert bad.json()["error"]["field_violations"][0]["field"] == "case_id"


async def test_the_audit_is_append_only(system, province_admin):
    async with gateway_client(system) as http:
        ids = await import_extract(http, province_admin, REGISTRY)
        district = officer(system, "DISTRICT_OFFICER", "731")
        await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)
    url = system.database_urls["resolution"]
    for change in ("UPDATE access_audit SET actor = 'someone'", "DELETE FROM access_audit"):
        with pytest.raises(DBAPIError, match="append-only"):
            await execute(url, change)
    assert await scalar(url, "SELECT actor FROM access_audit") == "tester"


async def test_a_read_that_cannot_be_recorded_fails(system, province_admin):
    url = system.database_urls["resolution"]
    async with gateway_client(system) as http:
        ids = await import_extract(http, province_admin, REGISTRY)
        district = officer(system, "DISTRICT_OFFICER", "731")
        # The audit refuses writes (its role may no longer add entries): the record is not
        # shown unrecorded.
        await execute(url, "REVOKE INSERT ON access_audit FROM CURRENT_USER")
        refused = await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)
        assert refused.status_code >= 500
        assert "Nguyễn" not in refused.text
        await execute(url, "GRANT INSERT ON access_audit TO CURRENT_USER")
        read = await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)
        assert read.status_code == 200
    assert await scalar(url, "SELECT count(*) FROM access_audit") == 1
