"""An officer's case list holds the cases of its unit and the units below it, page by page; a
case shows and corrects only the registry records inside the officer's unit."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import grpc
import pytest

from phananh.events.v1.intake_events_pb2 import FacilitiesImported, ImportedFacility
from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from phananh_common.database import create_engine
from phananh_common.protoconv import from_date, from_datetime
from resolution.accounts.wiring import account_service
from tests.factories import Complaints
from tests.harness import (
    InProcessSystem,
    bearer,
    district_client_channel,
    eventually,
    execute,
    fetch,
    refused,
    scalar,
)
from tests.integration.cases import Clock, deliver, resolution_alone
from tests.integration.citizen import import_facilities
from tests.integration.registry import PERSON, dose, extract, import_extract

# unit → how many cases it holds
CASES = {"75": 1, "731": 2, "25993": 2, "732": 3}


@pytest.fixture
async def cases(database_urls):
    system = InProcessSystem(database_urls)
    await system.start("resolution")
    for unit, count in CASES.items():
        for day in range(count):
            await execute(
                database_urls["resolution"],
                "INSERT INTO cases (case_id, complaint_id, tracking_code, category, status,"
                " unit_code, submitted_at, due_at, version, complaint) VALUES (:id, :id,"
                " 'ABCDE-FGHJK', 'MISSING_DOSE', 'ASSIGNED', :unit, now(),"
                " now() + make_interval(days => :day), 1, '')",
                id=uuid.uuid4(),
                unit=unit,
                day=day,
            )
    async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
        yield resolution_pb2_grpc.ResolutionServiceStub(channel), system
    await system.stop()


async def all_pages(stub, token, unit_code="") -> list:
    found, page_token = [], ""
    while True:
        reply = await stub.ListCases(
            resolution_pb2.ListCasesRequest(
                page_size=1, page_token=page_token, unit_code=unit_code
            ),
            metadata=bearer(token),
        )
        found += reply.cases
        if not reply.next_page_token:
            return found
        page_token = reply.next_page_token


@pytest.mark.parametrize(
    ("role", "unit", "asked", "units_seen"),
    [
        ("PROVINCE_OFFICER", "75", "", {"75", "731", "25993", "732"}),
        ("PROVINCE_OFFICER", "75", "731", {"731", "25993"}),
        ("DISTRICT_OFFICER", "731", "", {"731", "25993"}),
        ("DISTRICT_ADMIN", "732", "", {"732"}),
        ("COMMUNE_OFFICER", "25993", "", {"25993"}),
    ],
)
async def test_each_officer_sees_the_cases_inside_its_unit(cases, role, unit, asked, units_seen):
    stub, system = cases
    found = await all_pages(stub, system.token(role, unit), asked)
    assert {c.unit_code for c in found} == units_seen
    assert len(found) == sum(CASES[u] for u in units_seen)
    due = [c.due_at.ToDatetime() for c in found]
    assert due == sorted(due)  # oldest deadline first, across pages


# Whose registry records a case may show and correct: those inside the officer's unit, by
# the address or by a dose given by a facility of the unit (the directory intake publishes).
# The victim V lives in district 732; someone files a complaint with V's identity number
# and an address in Trảng Dài (25993, a ward of 731), under a made-up name. H is someone of
# Trảng Dài with that made-up name and birth date; K another citizen of Trảng Dài; D lives in
# 732 but had a dose at F731001 (a facility of ward 26041 of 731).
V_PHONE, V_NAME, V_BORN = "0987654321", "Phạm Văn Nạn", "1990-02-03"
IN_732 = {"district_code": "732", "commune_code": "26077"}
SCENE = extract(
    (
        "V",
        {"full_name": V_NAME, "date_of_birth": V_BORN, "phone": V_PHONE, **IN_732},
        [dose(1, "2021-08-01", facility="F732001")],
    ),
    ("H", {"full_name": "Lê Văn Giả", "date_of_birth": "1979-05-06", "national_id": "",
           "phone": ""}, []),
    ("K", {"full_name": "Bùi Thị Mai", "national_id": "075188000777", "phone": ""},
     [dose(1, "2021-08-01")]),
    (
        "D",
        {"full_name": "Đỗ Thị Liên", "national_id": "075192002222", "phone": "", **IN_732},
        [dose(1, "2021-08-10", facility="F731001")],
    ),
)  # fmt: skip
ATTACK = {
    "full_name": "Lê Văn Giả",
    "date_of_birth": "1979-05-06",
    "gender": "MALE",
    "phone": "0911222333",
    "national_id": PERSON["national_id"],  # V's
    "address": {"province_code": "75", "district_code": "731", "commune_code": "25993"},
}


@dataclass
class Scene:
    http: object
    system: InProcessSystem
    ids: dict[str, str]
    commune: dict[str, str]  # Trảng Dài's officer
    attack: str  # the case of the complaint made with V's identity number

    async def record(self, name: str) -> dict:
        province = headers(self.system, "PROVINCE_OFFICER", "75")
        reply = await self.http.get(f"/api/v1/registry/citizens/{self.ids[name]}", headers=province)
        return reply.json()

    async def case(self, case_id: str, who: dict[str, str] | None = None) -> dict:
        reply = await self.http.get(f"/api/v1/cases/{case_id}", headers=who or self.commune)
        assert reply.status_code == 200, reply.text
        return reply.json()

    async def approve(self, case_id: str, citizen: str, correction: dict, who=None):
        return await self.http.post(
            f"/api/v1/cases/{case_id}/approve",
            json={"citizen_id": self.ids[citizen], "corrections": [correction]},
            headers=who or self.commune,
        )


def headers(system, role: str, unit: str, **claims) -> dict[str, str]:
    return {"authorization": f"Bearer {system.token(role, unit, **claims)}"}


def token(scene: Scene) -> str:
    """The token of Trảng Dài's officer, for its calls to resolution's gRPC API."""
    return scene.system.token("COMMUNE_OFFICER", "25993", username="trangdai.canbo")


def add_dose(number: int, on: str, facility: str = "F731001") -> dict:
    return {"op": "ADD_DOSE", "dose_number": number, "vaccinated_on": on,
            "vaccine_code": "AZ", "lot_number": "BIA-01", "facility_code": facility}  # fmt: skip


async def filed(http, system, complaints: Complaints, citizen: dict) -> str:
    """The case id of a complaint filed through the gateway, once resolution opened it."""
    reply = await http.post("/api/v1/complaints", json=complaints.json(citizen=citizen))
    assert reply.status_code == 201, reply.text
    code = reply.json()["tracking_code"].replace("-", "")
    url = system.database_urls["resolution"]
    query = "SELECT case_id FROM cases WHERE tracking_code = :c"
    await eventually(lambda: scalar(url, query, c=code))
    return str(await scalar(url, query, c=code))


@pytest.fixture
async def scene(http, system, province_admin) -> Scene:
    engine = create_engine(system.database_urls["resolution"], pool_size=1)
    accounts = account_service(system.settings("resolution"), engine)
    # Trảng Dài has a team: complaints with its address go to it.
    await accounts.ensure_account("trangdai.canbo", "COMMUNE_OFFICER", "25993", "mat-khau-thu", "t")
    await engine.dispose()
    await import_facilities(http, province_admin)
    url = system.database_urls["resolution"]
    await eventually(lambda: scalar(url, "SELECT count(*) = 2 FROM facilities"))
    ids = await import_extract(http, province_admin, SCENE)
    attack = await filed(http, system, Complaints(41), ATTACK)
    scene = Scene(http, system, ids, {}, attack)
    scene.commune = {"authorization": f"Bearer {token(scene)}"}
    return scene


async def test_a_record_outside_the_unit_is_shown_masked(scene):
    case = await scene.case(scene.attack)
    by_id = {c["citizen_id"]: c for c in case["candidates"]}
    assert set(by_id) == {scene.ids["V"], scene.ids["H"]}
    victim = by_id[scene.ids["V"]]
    assert victim == {
        "citizen_id": scene.ids["V"],
        "full_name": "P. V. N.",
        "date_of_birth": None,
        "birth_year": 1990,
        "gender": "",
        "phone": None,
        "national_id": None,
        "address": {"province_code": "75", "district_code": "732", "commune_code": "",
                    "street": ""},
        "doses": [],
        "certificate": None,
        "merged_into": None,
        "matched_on": ["NATIONAL_ID"],
        "masked": True,
        "district_code": "732",
    }  # fmt: skip
    reply = await scene.http.get(f"/api/v1/cases/{scene.attack}", headers=scene.commune)
    for secret in (V_NAME, V_BORN, "+84987654321", "26077", "F732001"):
        assert secret not in reply.text
    # Inside the unit, as before; no merge is proposed with a record that may not be merged.
    assert by_id[scene.ids["H"]]["masked"] is False
    assert by_id[scene.ids["H"]]["date_of_birth"] == "1979-05-06"
    assert case["merge_proposals"] == []

    # A district client asking resolution itself sees the same.
    async with district_client_channel(scene.system.target("resolution"), token(scene)) as channel:
        detail = await resolution_pb2_grpc.ResolutionServiceStub(channel).GetCase(
            resolution_pb2.GetCaseRequest(case_id=scene.attack)
        )
    masked = next(c for c in detail.candidates if c.citizen.citizen_id == scene.ids["V"])
    assert masked.masked and masked.district_code == "732"
    citizen = masked.citizen
    assert (citizen.full_name, citizen.phone, citizen.national_id) == ("P. V. N.", "", "")
    assert (citizen.date_of_birth.year, citizen.date_of_birth.month) == (1990, 0)
    assert not citizen.doses and not citizen.HasField("certificate")


async def test_no_correction_reaches_a_record_outside_the_unit(scene):
    before = (await scene.case(scene.attack), await scene.record("V"), await scene.record("H"))
    audited = "SELECT count(*) FROM registry_audit"
    url = scene.system.database_urls["resolution"]
    audit_rows = await scalar(url, audited)

    added = await scene.approve(scene.attack, "V", add_dose(2, "2021-09-15"))
    assert added.status_code == 403, added.text
    error = added.json()["error"]
    assert (error["code"], error["reason"]) == ("PERMISSION_DENIED", "RECORD_OUTSIDE_UNIT")
    assert [v["field"] for v in error["field_violations"]] == ["citizen_id"]
    for correction in (
        {"op": "UPDATE_PERSON", "phone": "0911222333"},
        {"op": "UPDATE_DOSE", "dose_id": before[1]["doses"][0]["dose_id"], "lot_number": "X"},
    ):
        assert (await scene.approve(scene.attack, "V", correction)).status_code == 403
    merged = await scene.approve(
        scene.attack, "H", {"op": "MERGE_RECORD", "duplicate_citizen_id": scene.ids["V"]}
    )
    assert merged.status_code == 403
    assert [v["field"] for v in merged.json()["error"]["field_violations"]] == [
        "corrections[0].duplicate_citizen_id"
    ]
    # Nor a second record beside the one with the same identity number outside the unit.
    created = await scene.http.post(
        f"/api/v1/cases/{scene.attack}/approve",
        json={"corrections": [{"op": "CREATE_RECORD"}]},
        headers=scene.commune,
    )
    assert created.status_code == 403, created.text
    assert [v["field"] for v in created.json()["error"]["field_violations"]] == ["corrections[0]"]
    # Through resolution's gRPC API as well.
    async with district_client_channel(scene.system.target("resolution"), token(scene)) as channel:
        call = resolution_pb2_grpc.ResolutionServiceStub(channel).ApproveCase(
            resolution_pb2.ApproveCaseRequest(
                case_id=scene.attack,
                citizen_id=scene.ids["V"],
                corrections=[resolution_pb2.Correction(add_dose=resolution_pb2.AddDose(
                    dose_number=2, vaccinated_on=from_date(date(2021, 9, 15)), vaccine_code="AZ"
                ))],
            )
        )  # fmt: skip
        assert await refused(call) == (
            grpc.StatusCode.PERMISSION_DENIED,
            "RECORD_OUTSIDE_UNIT",
            ["citizen_id"],
        )

    # In bulk: that case alone fails, K's is approved.
    other = await filed(
        scene.http, scene.system, Complaints(42),
        dict(ATTACK, full_name="Bùi Thị Mai", national_id="075188000777"),
    )  # fmt: skip
    reply = await scene.http.post(
        "/api/v1/cases:bulk",
        json={"case_ids": [scene.attack, other], "action": "APPROVE_AS_CLAIMED"},
        headers=scene.commune,
    )
    results = reply.json()["results"]
    assert [(r["ok"], r["reason"]) for r in results] == [
        (False, "RECORD_OUTSIDE_UNIT"),
        (True, None),
    ]
    assert [d["dose_number"] for d in (await scene.record("K"))["doses"]] == [1, 2]

    after = (await scene.case(scene.attack), await scene.record("V"), await scene.record("H"))
    assert after == before
    assert await scalar(url, audited) == audit_rows + 1  # K's correction only


async def test_the_case_goes_to_the_district_of_a_record_outside_the_unit(scene):
    case = await scene.case(scene.attack)
    handed = await scene.http.post(
        f"/api/v1/cases/{scene.attack}/reassign",
        json={"unit_code": "732", "expected_version": case["version"]},
        headers=scene.commune,
    )
    assert handed.status_code == 200, handed.text
    assert handed.json()["unit_code"] == "732"
    # Another district is no candidate's: still refused.
    other = await filed(
        scene.http, scene.system, Complaints(43), dict(ATTACK, national_id="075100000999")
    )
    refused_733 = await scene.http.post(
        f"/api/v1/cases/{other}/reassign", json={"unit_code": "733"}, headers=scene.commune
    )
    assert refused_733.status_code == 400
    # There the record is the team's own: in full, and correctable.
    team = headers(scene.system, "DISTRICT_OFFICER", "732")
    shown = await scene.case(scene.attack, team)
    victim = next(c for c in shown["candidates"] if c["citizen_id"] == scene.ids["V"])
    assert (victim["masked"], victim["full_name"], victim["phone"]) == (
        False, V_NAME, "+84987654321"
    )  # fmt: skip
    rejected = await scene.http.post(
        f"/api/v1/cases/{scene.attack}/reject",
        json={"reason_code": "NAME_CONFLICT"},
        headers=team,
    )
    assert rejected.status_code == 200, rejected.text


async def test_a_dose_given_in_the_unit_puts_the_record_inside_it(scene):
    district = headers(scene.system, "DISTRICT_OFFICER", "731")
    # D lives in 732, but F731001 (ward 26041 of 731) gave its dose.
    found = await scene.http.get(f"/api/v1/registry/citizens/{scene.ids['D']}", headers=district)
    assert found.status_code == 200, found.text
    searched = await scene.http.get(
        "/api/v1/registry/citizens", params={"national_id": "075192002222"}, headers=district
    )
    assert [c["citizen_id"] for c in searched.json()["citizens"]] == [scene.ids["D"]]
    # Not for Trảng Dài, whose facilities gave D nothing.
    hidden = await scene.http.get(
        f"/api/v1/registry/citizens/{scene.ids['D']}", headers=scene.commune
    )
    assert hidden.status_code == 404

    citizen = dict(ATTACK, full_name="Đỗ Thị Liên", national_id="075192002222")
    citizen["address"] = {"province_code": "75", "district_code": "731", "commune_code": "26041"}
    case_id = await filed(scene.http, scene.system, Complaints(44), citizen)
    case = await scene.case(case_id, district)
    assert [(c["masked"], c["full_name"]) for c in case["candidates"]] == [(False, "Đỗ Thị Liên")]
    approved = await scene.approve(case_id, "D", add_dose(2, "2021-09-20"), district)
    assert approved.status_code == 200, approved.text
    assert [d["dose_number"] for d in (await scene.record("D"))["doses"]] == [1, 2]


async def test_a_facility_officer_only_for_a_facility_of_the_directory(scene):
    async def create(who: dict[str, str], username: str, unit_code: str):
        return await scene.http.post(
            "/api/v1/accounts",
            json={"username": username, "role": "FACILITY_OFFICER", "unit_code": unit_code},
            headers=who,
        )

    admin = headers(scene.system, "PROVINCE_ADMIN", "75")
    unknown = await create(admin, "coso.f731999", "F731999")
    assert unknown.status_code == 400, unknown.text
    assert [v["field"] for v in unknown.json()["error"]["field_violations"]] == ["unit_code"]
    district_admin = headers(scene.system, "DISTRICT_ADMIN", "731")
    assert (await create(district_admin, "coso.f732001", "F732001")).status_code == 403
    assert (await create(district_admin, "coso.f731001", "F731001")).status_code == 201


async def test_the_directory_keeps_the_newest_import_of_a_facility(database_urls):
    def imported(name: str, district: str, day: int) -> FacilitiesImported:
        return FacilitiesImported(
            facilities=[ImportedFacility(code="F731001", name=name, district_code=district)],
            imported_at=from_datetime(datetime(2021, 10, day, tzinfo=UTC)),
        )

    system = InProcessSystem(database_urls)
    async with resolution_alone(system, Clock()):
        await deliver(system, "intake", imported("Trạm mới", "731", 5))
        await deliver(system, "intake", imported("Trạm cũ", "732", 4))  # late
    row = await fetch(database_urls["resolution"], "SELECT name, district_code FROM facilities")
    assert [tuple(r) for r in row] == [("Trạm mới", "731")]
