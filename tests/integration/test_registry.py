"""The registry through the gateway: the portal's extract imported all or nothing (bad lines
named, nothing left behind), the first certificates, look-ups inside the officer's unit, and
the command-line import of a larger file."""

from phananh_common.errors import InvalidArgument
from resolution.import_registry import import_file
from tests.harness import execute, scalar
from tests.integration.registry import PERSON, dose, extract, import_extract


def violations(reply) -> list[str]:
    return [v["field"] for v in reply.json()["error"]["field_violations"]]


def officer(system, role: str, unit: str) -> dict[str, str]:
    return {"authorization": f"Bearer {system.token(role, unit)}"}


async def count(system, table: str) -> int:
    return await scalar(system.database_urls["resolution"], f"SELECT count(*) FROM {table}")


FAMILY = extract(
    ("R1", {}, [dose(1, "2021-07-01"), dose(2, "2021-08-15", "PFIZER")]),
    ("R2", {"national_id": "075190000456", "phone": "0987654321"}, [dose(1, "2021-09-01")]),
    ("R3", {"national_id": "", "district_code": "732", "commune_code": "26077"}, []),
)


async def test_an_extract_is_imported_with_a_certificate_per_record(http, system, province_admin):
    reply = await http.post(
        "/api/v1/registry:import",
        content=FAMILY,
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["citizens"], body["doses"]) == (3, 3)
    assert (body["created"], body["updated"], body["unchanged"]) == (3, 0, 0)
    assert set(body["citizen_ids"]) == {"R1", "R2", "R3"}

    found = await http.get(
        f"/api/v1/registry/citizens/{body['citizen_ids']['R1']}", headers=province_admin
    )
    assert found.status_code == 200
    citizen = found.json()
    assert citizen["full_name"] == PERSON["full_name"]
    assert citizen["phone"] == "+84912345678"
    assert citizen["address"]["commune_code"] == "25993"
    assert [(d["dose_number"], d["vaccine_code"]) for d in citizen["doses"]] == [
        (1, "AZ"),
        (2, "PFIZER"),
    ]
    assert citizen["certificate"]["level"] == "FULL"
    assert citizen["certificate"]["version"] == 1
    assert citizen["merged_into"] is None
    empty = await http.get(
        f"/api/v1/registry/citizens/{body['citizen_ids']['R3']}", headers=province_admin
    )
    assert empty.json()["doses"] == [] and empty.json()["certificate"]["level"] == "NONE"


async def test_each_record_gets_the_level_its_doses_earn_in_the_order_given(system, tmp_path):
    """The import asks the domain's rule once per course of vaccines; each record must still
    get the level of its own doses, taken by date whatever the order of the rows."""
    settings = system.settings("resolution")
    courses = {
        "C-NONE": ([], "NONE"),
        "C-PARTIAL": ([dose(1, "2021-07-01")], "PARTIAL"),
        "C-MIXED": ([dose(2, "2021-08-15", "PFIZER"), dose(1, "2021-07-01")], "FULL"),
        "C-JANSSEN": ([dose(1, "2021-07-01", "JANSSEN")], "FULL"),
        "C-BOOSTED": (
            [dose(3, "2021-12-01", "MODERNA"), dose(1, "2021-06-01"), dose(2, "2021-08-01")],
            "BOOSTED",
        ),
        # By date, JANSSEN comes first: the later AZ is a booster.
        "C-ORDER": ([dose(1, "2021-09-01"), dose(2, "2021-07-01", "JANSSEN")], "BOOSTED"),
    }
    path = tmp_path / "extract.csv"
    path.write_bytes(
        extract(*((r, {"national_id": ""}, doses) for r, (doses, _) in courses.items()))
    )
    await import_file(str(path), settings, progress=False)
    for record_id, (_, level) in courses.items():
        found = await scalar(
            settings.database_url,
            "SELECT level FROM certificates JOIN citizens USING (citizen_id) WHERE record_id = :id",
            id=record_id,
        )
        assert found == level, record_id


SCHEMA = """SELECT string_agg(definition, E'\\n' ORDER BY definition) FROM (
    SELECT conrelid::regclass || ': ' || pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE conrelid::regclass::text IN ('citizens', 'doses', 'certificates')
    UNION ALL SELECT indexdef FROM pg_indexes
    WHERE tablename IN ('citizens', 'doses', 'certificates')) d"""


async def test_a_first_load_keeps_every_index_and_key_and_a_second_one_adds(system, tmp_path):
    """The first load into an empty registry builds the indexes and keys after the rows: they
    must all be back, and a later import (into a registry with rows) goes through them."""
    settings = system.settings("resolution")
    before = await scalar(settings.database_url, SCHEMA)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_bytes(FAMILY)
    second.write_bytes(extract(("R4", {"national_id": "075190000999"}, [dose(1, "2021-07-01")])))

    await import_file(str(first), settings, progress=False)
    assert await scalar(settings.database_url, SCHEMA) == before
    imported = await import_file(str(second), settings, progress=False)

    assert (imported.citizens, imported.doses) == (1, 1)
    assert await scalar(settings.database_url, SCHEMA) == before
    assert await count(system, "citizens") == 4
    assert await count(system, "certificates") == 4


# The registry as an officer sees it, without the ids (each import draws its own).
REGISTRY = """SELECT string_agg(r, E'\\n' ORDER BY r) FROM (
    SELECT concat_ws(',', c.record_id, c.full_name, c.name_key, c.date_of_birth, c.gender,
        c.phone, c.national_id, c.province_code, c.district_code, c.commune_code,
        c.merged_into, k.level, k.version, k.revoked_at, d.dose_number, d.vaccinated_on,
        d.vaccine_code, d.lot_number, d.facility_code) AS r
    FROM citizens c JOIN certificates k USING (citizen_id) LEFT JOIN doses d USING (citizen_id)
    WHERE c.record_id LIKE 'M%') rows"""
# A record's rows apart and out of date order, its phone written both ways, a record with a
# row without a dose beside its doses, one with two such rows.
MIXED = b"\n".join(
    [
        extract(("M1", {}, [dose(2, "2021-08-15", "PFIZER")])).rstrip(),
        *extract(
            ("M2", {"phone": "+84987654321"}, [dose(1, "2021-07-01")]),
            ("M1", {"phone": "+84912345678"}, [dose(1, "2021-07-01")]),
            ("M3", {"national_id": ""}, []),
            ("M3", {"national_id": ""}, [dose(1, "2021-07-03", "JANSSEN")]),
            ("M4", {"national_id": "", "commune_code": ""}, []),
            ("M4", {"national_id": "", "commune_code": ""}, []),
            ("M2", {"phone": "0987654321"}, [dose(3, "2021-06-01", "JANSSEN")]),
        ).splitlines()[1:],
    ]
)


async def test_a_first_load_and_one_into_a_registry_with_rows_give_the_same_records(
    system, tmp_path
):
    """A first load builds the indexes and keys after the rows, a later import goes through
    them: the same extract must give the same records either way."""
    settings = system.settings("resolution")
    url = settings.database_url
    mixed, other = tmp_path / "mixed.csv", tmp_path / "other.csv"
    mixed.write_bytes(MIXED)
    other.write_bytes(extract(("X1", {"national_id": "075190000999"}, [])))

    first = await import_file(str(mixed), settings, progress=False)
    as_first_load = await scalar(url, REGISTRY)
    await execute(url, "TRUNCATE citizens, doses, certificates, registry_audit")
    await import_file(str(other), settings, progress=False)
    later = await import_file(str(mixed), settings, progress=False)

    # M1 and M2 wrote their phones two ways: one person each all the same.
    assert (first.citizens, first.doses) == (later.citizens, later.doses) == (4, 5)
    assert await scalar(url, REGISTRY) == as_first_load
    levels = "SELECT string_agg(level, ',' ORDER BY record_id) FROM certificates JOIN citizens"
    assert await scalar(url, f"{levels} USING (citizen_id) WHERE record_id LIKE 'M%'") == (
        "FULL,BOOSTED,FULL,NONE"
    )


async def test_a_refused_file_leaves_a_registry_with_rows_as_it_was(system, tmp_path):
    settings = system.settings("resolution")
    url = settings.database_url
    path = tmp_path / "extract.csv"
    path.write_bytes(MIXED)
    await import_file(str(path), settings, progress=False)
    before = (await scalar(url, REGISTRY), await scalar(url, SCHEMA))
    refused = {
        "line[3].vaccinated_on": extract(
            ("N1", {}, [dose(1, "2021-07-01"), dose(2, "2021-13-01")])
        ),
        "line[3].record_id": extract(
            ("N1", {}, [dose(1, "2021-07-01")]), ("N1", {"gender": "MALE"}, [])
        ),
        "line[3].dose_number": extract(("N1", {}, [dose(1, "2021-07-01"), dose(1, "2021-08-01")])),
    }
    for field, data in refused.items():
        path.write_bytes(data)
        try:
            await import_file(str(path), settings, progress=False)
        except InvalidArgument as error:
            assert [v.field for v in error.violations] == [field]
        else:
            raise AssertionError(f"{field} was imported")
    assert (await scalar(url, REGISTRY), await scalar(url, SCHEMA)) == before
    assert await count(system, "citizens") == 4


async def test_a_bad_line_refuses_the_whole_file(http, system, province_admin):
    bad = FAMILY.decode().splitlines()
    bad[3] = bad[3].replace("2021-09-01", "2021-09-31")  # line 4: R2's dose
    reply = await http.post(
        "/api/v1/registry:import",
        content="\n".join(bad).encode(),
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 400
    assert violations(reply) == ["line[4].vaccinated_on"]
    assert await count(system, "citizens") == 0 and await count(system, "doses") == 0


async def test_rows_of_one_record_must_agree(http, system, province_admin):
    disagreeing = extract(
        ("R1", {}, [dose(1, "2021-07-01")]),
        ("R1", {"date_of_birth": "1986-04-12"}, [dose(2, "2021-08-01")]),
        ("R2", {}, [dose(1, "2021-07-01"), dose(1, "2021-07-02")]),
    )
    reply = await http.post(
        "/api/v1/registry:import",
        content=disagreeing,
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 400
    assert violations(reply) == ["line[3].record_id", "line[5].dose_number"]
    assert await count(system, "citizens") == 0


async def test_only_a_province_admin_imports(http, system):
    reply = await http.post(
        "/api/v1/registry:import",
        content=FAMILY,
        headers={"content-type": "text/csv", **officer(system, "DISTRICT_ADMIN", "731")},
    )
    assert reply.status_code == 403


async def test_look_ups_stay_inside_the_officers_unit(http, system, province_admin):
    ids = await import_extract(http, province_admin, FAMILY)
    district = officer(system, "DISTRICT_OFFICER", "731")
    by_phone = await http.get(
        "/api/v1/registry/citizens", params={"phone": "0912345678"}, headers=district
    )
    # R1 and R3 share the phone; R3 lives in district 732.
    assert [c["citizen_id"] for c in by_phone.json()["citizens"]] == [ids["R1"]]
    province = await http.get(
        "/api/v1/registry/citizens", params={"phone": "+84912345678"}, headers=province_admin
    )
    assert {c["citizen_id"] for c in province.json()["citizens"]} == {ids["R1"], ids["R3"]}
    by_id = await http.get(
        "/api/v1/registry/citizens", params={"national_id": "075190000456"}, headers=district
    )
    assert [c["citizen_id"] for c in by_id.json()["citizens"]] == [ids["R2"]]
    outside = await http.get(f"/api/v1/registry/citizens/{ids['R3']}", headers=district)
    assert outside.status_code == 404
    neither = await http.get("/api/v1/registry/citizens", headers=district)
    assert neither.status_code == 400
    commune = officer(system, "FACILITY_OFFICER", "F731001")
    refused = await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=commune)
    assert refused.status_code == 403


async def test_the_command_line_imports_a_file_all_or_nothing(system, tmp_path):
    settings = system.settings("resolution")
    good = tmp_path / "extract.csv"
    good.write_bytes(
        extract(*((f"B{n}", {"national_id": ""}, [dose(1, "2021-07-01")]) for n in range(12000)))
    )
    imported = await import_file(str(good), settings, progress=False)
    assert (imported.citizens, imported.doses) == (12000, 12000)
    assert await count(system, "certificates") == 12000
    assert (
        await scalar(
            settings.database_url, "SELECT count(*) FROM certificates WHERE level = 'PARTIAL'"
        )
        == 12000
    )


async def test_the_command_line_shows_its_progress(system, tmp_path, capsys):
    path = tmp_path / "extract.csv"
    path.write_bytes(FAMILY)
    await import_file(str(path), system.settings("resolution"))
    shown = capsys.readouterr().err
    assert f"{len(FAMILY)}/{len(FAMILY)}" in shown
    assert "checks across rows" in shown and "done" in shown
