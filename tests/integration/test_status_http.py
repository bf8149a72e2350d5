"""The citizen's status page through the gateway: the outcome with its advice or certificate
level, and supplements while information is asked for."""

from datetime import UTC, datetime

from phananh.events.v1.resolution_events_pb2 import OutcomeKind
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import from_datetime
from tests.integration.citizen import count, decide, submitted, violations


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
        # The officer's message to the citizen, then the reason's advice.
        "message": "ảnh bị mờ Vui lòng chụp lại giấy xác nhận tiêm rõ nét và gửi lại.",
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
