"""The citizen's reference data through the gateway (its app in the test's loop, over the real
services and databases): units, vaccines, rejection reasons, and the facilities a province
admin imports (all or nothing, CSV of bounded size)."""

from tests.integration.citizen import count, import_facilities, violations


async def test_units_from_provinces_down_to_communes(http):
    provinces = (await http.get("/api/v1/units")).json()["units"]
    assert len(provinces) == 63
    assert {"code": "75", "name": "Tỉnh Đồng Nai", "level": "PROVINCE"} in provinces
    districts = (await http.get("/api/v1/units", params={"parent": "75"})).json()["units"]
    assert [d["code"] for d in districts][:3] == ["731", "732", "734"]
    communes = (await http.get("/api/v1/units", params={"parent": "731"})).json()["units"]
    assert {c["level"] for c in communes} == {"COMMUNE"} and len(communes) > 20
    unknown = await http.get("/api/v1/units", params={"parent": "99999"})
    assert unknown.status_code == 404


async def test_vaccines_and_rejection_reasons(http):
    vaccines = (await http.get("/api/v1/vaccines")).json()["vaccines"]
    assert {"code": "ABDALA", "name": "Abdala", "doses_for_full_course": 3} in vaccines
    assert len(vaccines) == 8
    reasons = (await http.get("/api/v1/rejection-reasons")).json()["reasons"]
    assert len(reasons) == 15
    assert {r["code"] for r in reasons} >= {"PHOTO_UNREADABLE", "ALREADY_CORRECT", "OTHER"}
    assert all(r["title"] and r["citizen_advice"] for r in reasons)


async def test_only_a_province_admin_imports_facilities(system, http):
    csv = {
        "content": b"code,name,district_code,commune_code\n",
        "headers": {"content-type": "text/csv"},
    }
    anonymous = await http.post("/api/v1/facilities:import", **csv)
    district_admin = {"authorization": f"Bearer {system.token('DISTRICT_ADMIN', '731')}"}
    csv["headers"] |= district_admin
    district = await http.post("/api/v1/facilities:import", **csv)
    assert (anonymous.status_code, district.status_code) == (401, 403)


async def test_facilities_import_all_or_nothing_and_listed_by_district(
    system, http, province_admin
):
    bad = "code,name,district_code,commune_code\nF1,Tốt,731,\nF2,Sai,760,\n"
    reply = await http.post(
        "/api/v1/facilities:import",
        content=bad.encode(),
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 400
    assert violations(reply) == ["line[3].district_code"]
    assert await count(system, "SELECT count(*) FROM facilities") == 0

    await import_facilities(http, province_admin)
    listed = await http.get("/api/v1/facilities", params={"district_code": "732"})
    assert listed.json() == {
        "facilities": [
            {
                "code": "F732001",
                "name": "Bệnh viện Đa khoa Long Khánh",
                "district_code": "732",
                "commune_code": "",
            }
        ]
    }
    assert len((await http.get("/api/v1/facilities")).json()["facilities"]) == 2
    outside = await http.get("/api/v1/facilities", params={"district_code": "760"})
    assert (outside.status_code, violations(outside)) == (400, ["district_code"])


async def test_facilities_import_wants_csv_of_bounded_size(http, province_admin):
    as_json = await http.post(
        "/api/v1/facilities:import", json={"code": "F1"}, headers=province_admin
    )
    assert (as_json.status_code, violations(as_json)) == (400, ["csv"])
    huge = await http.post(
        "/api/v1/facilities:import",
        content=b"x" * (2 * 1024 * 1024 + 1),
        headers={"content-type": "text/csv", **province_admin},
    )
    assert (huge.status_code, violations(huge)) == (413, ["csv"])


# Submission
