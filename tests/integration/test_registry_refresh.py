"""A re-import of the portal's extract refreshes the records it holds (their person and doses
become the file's, a dose matched by its number), all or nothing, each change in the record's
history, which officers read (and download as CSV) inside their unit; a record merged into
another is not refreshed."""

import csv
import io

import grpc

from phananh.events.v1.resolution_events_pb2 import RegistryRecordChanged
from phananh.resolution.v1 import resolution_pb2 as pb
from tests.harness import bearer, refused, scalar
from tests.integration.desk import published
from tests.integration.registry import dose, extract, import_extract

FIRST = extract(
    ("R1", {}, [dose(1, "2021-07-01"), dose(2, "2021-08-15")]),
    ("R2", {"national_id": "075190000456"}, [dose(1, "2021-09-01")]),
    ("R3", {"national_id": "", "district_code": "732", "commune_code": "26077"}, []),
)
# R1: dose 2 corrected, dose 3 added; R2: its name corrected and its dose gone; R3 as it was;
# R4 new.
SECOND = extract(
    ("R1", {}, [dose(1, "2021-07-01"), dose(2, "2021-08-16", "PFIZER"), dose(3, "2022-01-10")]),
    ("R2", {"national_id": "075190000456", "full_name": "Nguyễn Thị Hồng Nhung"}, []),
    ("R3", {"national_id": "", "district_code": "732", "commune_code": "26077"}, []),
    ("R4", {"national_id": "075190000789"}, [dose(1, "2021-10-01")]),
)


async def reimport(http, admin, data: bytes):
    return await http.post(
        "/api/v1/registry:import", content=data, headers={"content-type": "text/csv", **admin}
    )


async def test_a_re_import_refreshes_the_records_it_holds(http, system, province_admin):
    first = await import_extract(http, province_admin, FIRST)
    r1 = (await http.get(f"/api/v1/registry/citizens/{first['R1']}", headers=province_admin)).json()

    reply = await reimport(http, province_admin, SECOND)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (1, 2, 1)
    assert (body["citizens"], body["doses"]) == (4, 4)
    assert {k: body["citizen_ids"][k] for k in first} == first

    after = await http.get(f"/api/v1/registry/citizens/{first['R1']}", headers=province_admin)
    doses = {d["dose_number"]: d for d in after.json()["doses"]}
    assert sorted(doses) == [1, 2, 3]
    # A dose matched by its number keeps its id.
    assert [doses[n]["dose_id"] for n in (1, 2)] == [d["dose_id"] for d in r1["doses"]]
    assert (doses[2]["vaccinated_on"], doses[2]["vaccine_code"]) == ("2021-08-16", "PFIZER")
    assert after.json()["certificate"]["level"] == "BOOSTED"
    assert after.json()["certificate"]["version"] == 2
    r2 = (await http.get(f"/api/v1/registry/citizens/{first['R2']}", headers=province_admin)).json()
    assert r2["full_name"] == "Nguyễn Thị Hồng Nhung" and r2["doses"] == []
    assert r2["certificate"]["level"] == "NONE"

    history = await http.get(
        f"/api/v1/registry/citizens/{first['R1']}/history", headers=province_admin
    )
    assert history.status_code == 200
    (entry,) = history.json()["entries"]
    assert (entry["source"], entry["op"], entry["actor"], entry["case_id"]) == (
        "IMPORT",
        "IMPORTED",
        "tester",
        None,
    )
    assert len(entry["before"]["doses"]) == 2 and len(entry["after"]["doses"]) == 3
    untouched = f"/api/v1/registry/citizens/{first['R3']}/history"
    assert (await http.get(untouched, headers=province_admin)).json() == {"entries": []}

    # Each change is published for the health book: R2's dose as removed.
    events = await published(system.database_urls["resolution"], RegistryRecordChanged)
    by_citizen = {e.citizen_id: e for e in events}
    assert set(by_citizen) == {first["R1"], first["R2"]}
    assert [(d.dose_number, d.removed) for d in by_citizen[first["R1"]].doses] == [
        (2, False),
        (3, False),
    ]
    assert [(d.dose_number, d.removed) for d in by_citizen[first["R2"]].doses] == [(1, True)]
    assert all(e.source == "IMPORT" and not e.case_id for e in events)


async def test_a_refused_re_import_changes_nothing(http, system, province_admin):
    first = await import_extract(http, province_admin, FIRST)
    url = system.database_urls["resolution"]
    registry = "SELECT count(*) || '/' || (SELECT count(*) FROM doses) FROM citizens"
    before = await scalar(url, registry)
    bad = SECOND.decode().replace("2022-01-10", "2022-01-32").encode()
    reply = await reimport(http, province_admin, bad)
    assert reply.status_code == 400
    assert [v["field"] for v in reply.json()["error"]["field_violations"]] == [
        "line[4].vaccinated_on"
    ]
    assert await scalar(url, registry) == before
    assert (
        await scalar(url, "SELECT count(*) FROM registry_audit WHERE citizen_id IS NOT NULL") == 0
    )
    r1 = await http.get(f"/api/v1/registry/citizens/{first['R1']}", headers=province_admin)
    assert len(r1.json()["doses"]) == 2


async def test_the_history_is_read_inside_the_unit_and_downloaded_as_csv(
    http, system, province_admin
):
    first = await import_extract(http, province_admin, FIRST)
    await reimport(http, province_admin, SECOND)
    district = {"authorization": f"Bearer {system.token('DISTRICT_OFFICER', '731')}"}
    path = f"/api/v1/registry/citizens/{first['R2']}/history"
    assert (await http.get(path, headers=district)).status_code == 200
    other = {"authorization": f"Bearer {system.token('DISTRICT_OFFICER', '732')}"}
    assert (await http.get(path, headers=other)).status_code == 404
    unknown = "/api/v1/registry/citizens/not-a-record/history"
    assert (await http.get(unknown, headers=district)).status_code == 404

    download = await http.get(path, params={"format": "csv"}, headers=district)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["source"], r["op"], r["case_id"]) for r in rows] == [("IMPORT", "IMPORTED", "")]
    assert "Nguyễn Thị Hồng Nhung" in rows[0]["after"]


async def test_a_record_merged_into_another_is_not_refreshed(desk):
    case_id, _ = await desk.open()
    merge = pb.Correction(merge_record=pb.MergeRecord(duplicate_citizen_id=desk.ids["R2"]))
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(case_id=case_id, citizen_id=desk.ids["R1"], corrections=[merge]),
        metadata=desk.officer,
    )
    again = extract(("R2", {"national_id": "", "phone": ""}, [dose(2, "2021-09-15")]))
    admin = bearer(desk.system.token("PROVINCE_ADMIN", "75"))
    code, _, fields = await refused(
        desk.api.ImportRegistry(pb.ImportRegistryRequest(csv=again), metadata=admin)
    )
    assert (code, fields) == (grpc.StatusCode.INVALID_ARGUMENT, ["line[2].record_id"])
    assert [d.dose_number for d in (await desk.record("R1")).doses] == [1, 2]
