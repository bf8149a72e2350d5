"""The citizen's submissions through the gateway: every submission check, deduplication that
keeps the new description (from the same phone only), idempotent submissions."""

import asyncio

from intake import repeats
from phananh.events.v1 import envelope_pb2
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.types.v1 import types_pb2
from tests.factories import Complaints
from tests.harness import eventually, fetch
from tests.integration.citizen import count, import_facilities, violations


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
