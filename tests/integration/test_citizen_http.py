"""The citizen's side through the gateway (its app in the test's loop, over the real
services and databases): reference data, every submission check, deduplication that keeps
the new description (from the same phone only), idempotent submissions, evidence, status with
outcome, supplements."""

import asyncio
from datetime import UTC, datetime

from intake import repeats
from phananh.events.v1 import envelope_pb2
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import OutcomeKind
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import from_datetime
from tests.factories import Complaints
from tests.harness import eventually, fetch, scalar
from tests.integration.citizen import PNG, decide, import_facilities


def violations(reply) -> list[str]:
    return [v["field"] for v in reply.json()["error"]["field_violations"]]


async def count(system, sql: str, **params) -> int:
    return await scalar(system.database_urls["intake"], sql, **params)


# Reference data


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


async def test_address_outside_the_province_and_unknown_facility_are_400s(system, http):
    body = Complaints(30).json()
    body["citizen"]["address"] |= {"district_code": "731", "commune_code": "26077"}
    body["claimed_doses"][0]["facility_code"] = "F404"
    reply = await http.post("/api/v1/complaints", json=body)
    assert reply.status_code == 400
    assert violations(reply) == ["citizen.address.commune_code", "claimed_doses[0].facility_code"]
    body = Complaints(31).json()
    body["citizen"]["address"] |= {"province_code": "79", "district_code": "760"}
    reply = await http.post("/api/v1/complaints", json=body)
    assert violations(reply) == ["citizen.address.province_code", "citizen.address.district_code"]
    assert await count(system, "SELECT count(*) FROM complaints") == 0


async def test_a_known_facility_is_accepted_and_its_district_published(
    system, http, province_admin
):
    await import_facilities(http, province_admin)
    body = Complaints(32).json()
    body["claimed_doses"][1]["facility_code"] = "F732001"
    assert (await http.post("/api/v1/complaints", json=body)).status_code == 201
    envelope = envelope_pb2.EventEnvelope.FromString(
        await count(
            system,
            "SELECT envelope FROM outbox_events"
            " WHERE type = 'phananh.events.v1.ComplaintSubmitted'",
        )
    )
    event = ComplaintSubmitted()
    envelope.payload.Unpack(event)
    assert [(f.code, f.district_code) for f in event.facilities] == [("F732001", "732")]


async def test_a_repeat_joins_the_open_complaint_with_its_description(system, http):
    body = Complaints(33).json()
    first = await http.post("/api/v1/complaints", json=body)
    again = await http.post(
        "/api/v1/complaints", json=body | {"description": "Tôi gửi lại lần thứ hai."}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    note = await count(system, "SELECT complaint FROM complaint_notes WHERE kind = 'RESUBMITTED'")
    assert types_pb2.Complaint.FromString(note).description == "Tôi gửi lại lần thứ hai."
    assert await count(system, "SELECT count(*) FROM complaints") == 1


async def status_of(http, code: str, phone: str):
    return await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})


async def assigned(http, code: str, phone: str) -> None:
    """Waits until resolution has opened the complaint's case and intake shows it."""

    async def shown():
        return (await status_of(http, code, phone)).json()["status"] == "ASSIGNED"

    await eventually(shown)


async def test_a_repeat_from_another_phone_is_a_new_complaint_telling_nothing_of_the_first(
    system, http
):
    first = Complaints(36).json()
    phone = first["citizen"]["phone"]
    code = (await http.post("/api/v1/complaints", json=first)).json()["tracking_code"]
    await assigned(http, code, phone)
    before = (await status_of(http, code, phone)).json()
    # Someone who knows the identity number, with their own phone, name and address.
    probe = Complaints(37).json(category=first["category"])
    probe["citizen"]["national_id"] = first["citizen"]["national_id"]
    probe["citizen"]["address"] |= {"district_code": "732", "commune_code": "26080"}

    reply = await http.post("/api/v1/complaints", json=probe)

    assert reply.status_code == 201, reply.text
    new = reply.json()
    assert (new["status"], new["deduplicated"]) == ("RECEIVED", False)
    assert new["tracking_code"] != code
    own_phone = probe["citizen"]["phone"]
    await assigned(http, new["tracking_code"], own_phone)
    own = await status_of(http, new["tracking_code"], own_phone)
    bare = code.replace("-", "")
    for answer in (reply.text, own.text):
        assert code not in answer and bare not in answer
    assert (await status_of(http, code, phone)).json() == before
    assert await count(system, "SELECT count(*) FROM complaint_notes") == 0
    # The first one's code goes to the officers only, with the new complaint's event.
    published = {}
    for row in await fetch(system.database_urls["intake"], "SELECT envelope FROM outbox_events"):
        event = ComplaintSubmitted()
        envelope_pb2.EventEnvelope.FromString(row.envelope).payload.Unpack(event)
        published[event.tracking_code] = event.possible_repeat_of
        # Byte for byte the envelope protobuf writes of the event with its mark.
        assert row.envelope == repeats.marked(row.envelope, event.possible_repeat_of)
    assert published == {bare: "", new["tracking_code"].replace("-", ""): bare}
    # From its own phone, the new complaint is the one a repeat joins.
    again = await http.post("/api/v1/complaints", json=probe)
    assert (again.status_code, again.json()["tracking_code"]) == (200, new["tracking_code"])


async def test_the_same_idempotency_key_gives_the_same_answer_once(system, http):
    body = Complaints(34).json()
    key = {"Idempotency-Key": "5f0c6a52-2d43-4c55-9d9b-6a3f1d7e0b11"}
    replies = await asyncio.gather(
        *(http.post("/api/v1/complaints", json=body, headers=key) for _ in range(3))
    )
    assert [r.status_code for r in replies] == [201] * 3
    assert replies[0].json() == replies[1].json() == replies[2].json()
    assert await count(system, "SELECT count(*) FROM complaints") == 1
    assert await count(system, "SELECT count(*) FROM complaint_notes") == 0

    other = await http.post("/api/v1/complaints", json=Complaints(35).json(), headers=key)
    assert other.status_code == 409
    assert other.json()["error"]["reason"] == "IDEMPOTENCY_KEY_REUSED"
    malformed = await http.post("/api/v1/complaints", json=body, headers={"Idempotency-Key": "x"})
    assert (malformed.status_code, violations(malformed)) == (400, ["idempotency_key"])


# Evidence


async def submitted(http, seed: int) -> tuple[str, str]:
    body = Complaints(seed).json()
    reply = await http.post("/api/v1/complaints", json=body)
    return reply.json()["tracking_code"], body["citizen"]["phone"]


def upload(http, code: str, phone: str, content: bytes = PNG, name: str = "a.png"):
    return http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": phone},
        files={"file": (name, content, "application/octet-stream")},
    )


async def test_evidence_is_stored_by_content_type(system, http):
    code, phone = await submitted(http, 40)
    reply = await upload(http, code.lower().replace("-", " "), phone)
    assert reply.status_code == 201
    assert reply.json()["content_type"] == "image/png"
    assert reply.json()["size_bytes"] == len(PNG)
    pdf = await upload(http, code, phone, b"%PDF-1.4\n" + b"0" * 10, "photo.jpg")
    assert pdf.json()["content_type"] == "application/pdf"
    stored = await count(
        system, "SELECT content FROM evidence WHERE evidence_id = :e", e=reply.json()["evidence_id"]
    )
    assert stored == PNG


async def test_evidence_for_a_wrong_phone_or_code_is_the_status_s_404(system, http):
    code, phone = await submitted(http, 41)
    wrong_phone = await upload(http, code, "0912000000")
    unknown = await upload(http, "ZZZZZ-ZZZZZ", phone)
    status = await http.get("/api/v1/complaints/ZZZZZ-ZZZZZ", params={"phone": phone})
    assert wrong_phone.status_code == unknown.status_code == 404
    assert wrong_phone.json() == unknown.json() == status.json()
    assert await count(system, "SELECT count(*) FROM evidence") == 0


async def test_evidence_of_another_type_or_too_large_is_refused(system, http):
    code, phone = await submitted(http, 42)
    text = await upload(http, code, phone, b"just text", "a.png")
    assert (text.status_code, violations(text)) == (400, ["file"])
    large = await upload(http, code, phone, PNG + b"\x00" * (5 * 1024 * 1024))
    assert (large.status_code, violations(large)) == (413, ["file"])
    no_file = await http.post(f"/api/v1/complaints/{code}/evidence", data={"phone": phone})
    assert (no_file.status_code, violations(no_file)) == (400, ["file"])
    assert await count(system, "SELECT count(*) FROM evidence") == 0


async def test_a_declared_oversized_body_is_refused_before_it_is_read(http):
    chunks_read = 0

    async def body():
        nonlocal chunks_read
        for _ in range(100):
            chunks_read += 1
            yield b"\x00" * 65536

    reply = await http.post(
        "/api/v1/complaints/ZZZZZ-ZZZZZ/evidence",
        content=body(),
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(100 * 1024 * 1024),
        },
    )
    assert (reply.status_code, violations(reply)) == (413, ["file"])
    assert chunks_read <= 2


async def test_at_most_five_files_and_none_once_closed(system, http):
    code, phone = await submitted(http, 43)
    replies = [await upload(http, code, phone) for _ in range(6)]
    assert [r.status_code for r in replies] == [201] * 5 + [400]
    assert replies[-1].json()["error"]["reason"] == "EVIDENCE_LIMIT_REACHED"
    code, phone = await submitted(http, 44)
    await decide(system, code, "RESOLVED", 5, kind=OutcomeKind.OUTCOME_KIND_RESOLVED)
    closed = await upload(http, code, phone)
    assert closed.json()["error"]["reason"] == "COMPLAINT_CLOSED"


# Status and supplement


async def test_status_shows_the_rejection_with_the_citizen_advice(system, http):
    code, phone = await submitted(http, 50)
    before = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()
    assert (before["outcome"], before["certificate_level"]) == (None, None)
    decided = datetime(2021, 10, 3, 2, 0, tzinfo=UTC)
    await decide(
        system,
        code,
        "REJECTED",
        5,
        kind=OutcomeKind.OUTCOME_KIND_REJECTED,
        reason_code="PHOTO_UNREADABLE",
        message="ảnh bị mờ",
        citizen_advice="Vui lòng chụp lại giấy xác nhận tiêm rõ nét và gửi lại.",
        decided_at=from_datetime(decided),
    )
    status = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()
    assert status["status"] == "REJECTED"
    assert status["outcome"] == {
        "kind": "REJECTED",
        "reason_code": "PHOTO_UNREADABLE",
        "message": "Vui lòng chụp lại giấy xác nhận tiêm rõ nét và gửi lại.",
        "decided_at": decided.isoformat(),
    }


async def test_status_shows_the_certificate_level_of_a_correction(system, http):
    code, phone = await submitted(http, 51)
    await decide(
        system,
        code,
        "RESOLVED",
        5,
        kind=OutcomeKind.OUTCOME_KIND_RESOLVED,
        message="Đã bổ sung mũi 2",
        certificate_level=types_pb2.CERTIFICATE_LEVEL_FULL,
    )
    status = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()
    assert (status["status"], status["certificate_level"]) == ("RESOLVED", "FULL")
    assert status["outcome"]["kind"] == "RESOLVED"
    assert status["outcome"]["reason_code"] is None
    # An older change arriving late changes nothing.
    await decide(system, code, "IN_REVIEW", 4)
    again = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()
    assert again == status


async def test_a_supplement_only_while_information_is_asked_for(system, http):
    code, phone = await submitted(http, 52)
    body = {
        "phone": phone,
        "description": "Bổ sung ảnh giấy xác nhận mũi 2.",
        "claimed_doses": [{"dose_number": 2, "vaccinated_on": "2021-09-15", "vaccine_code": "AZ"}],
    }
    early = await http.post(f"/api/v1/complaints/{code}/supplement", json=body)
    assert early.status_code == 400
    assert early.json()["error"]["code"] == "FAILED_PRECONDITION"

    await decide(
        system, code, "NEEDS_INFO", 5, kind=OutcomeKind.OUTCOME_KIND_NEEDS_INFO, message="Ảnh?"
    )
    asked = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()
    assert (asked["status"], asked["outcome"]["message"]) == ("NEEDS_INFO", "Ảnh?")
    wrong_phone = await http.post(
        f"/api/v1/complaints/{code}/supplement", json=body | {"phone": "0912000000"}
    )
    assert wrong_phone.status_code == 404
    ninth = [body["claimed_doses"][0] | {"dose_number": 9}]
    bad = await http.post(
        f"/api/v1/complaints/{code}/supplement", json=body | {"claimed_doses": ninth}
    )
    assert (bad.status_code, violations(bad)) == (400, ["claimed_doses[0].dose_number"])

    reply = await http.post(f"/api/v1/complaints/{code}/supplement", json=body)
    assert reply.status_code == 200
    assert reply.json() == {"tracking_code": code, "status": "IN_REVIEW"}
    status = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()
    assert (status["status"], status["outcome"]) == ("IN_REVIEW", None)
    published = await count(
        system,
        "SELECT consumer FROM outbox_deliveries JOIN outbox_events USING (event_id)"
        " WHERE type = 'phananh.events.v1.ComplaintSupplemented'",
    )
    assert published == "resolution"
    note = await count(system, "SELECT complaint FROM complaint_notes WHERE kind = 'SUPPLEMENTED'")
    assert types_pb2.Complaint.FromString(note).claimed_doses[0].dose_number == 2
    twice = await http.post(f"/api/v1/complaints/{code}/supplement", json=body)
    assert twice.status_code == 400
