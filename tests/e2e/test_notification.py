"""Notification as `make run` starts it: the file provider writes the SMS of a submitted
complaint, and the operator routes show it (province officers and admins only)."""

import json
import uuid
from pathlib import Path

from tests.factories import Complaints
from tests.harness import eventually


def sms_lines(stack) -> list[dict]:
    path = Path(stack.env["PHANANH_SMS_FILE"])
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_a_submitted_complaint_is_texted_and_listed(stack, http, province_admin):
    body = Complaints(40).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]

    async def texted():
        return any(code in line["text"] for line in sms_lines(stack))

    await eventually(texted, timeout=30)
    (line,) = [line for line in sms_lines(stack) if code in line["text"]]
    assert line["to"] == "+84" + body["citizen"]["phone"][1:]
    assert f"Ma tra cuu: {code}." in line["text"]  # as the portal showed it
    assert body["citizen"]["full_name"] not in line["text"]

    anonymous = await http.get("/api/v1/messages", params={"tracking_code": code})
    assert anonymous.status_code == 401
    reply = await http.get(
        "/api/v1/messages", params={"tracking_code": code}, headers=province_admin
    )
    assert reply.status_code == 200
    (message,) = reply.json()["messages"]
    assert (message["kind"], message["status"]) == ("COMPLAINT_RECEIVED", "SENT")
    assert message["message_id"] == line["message_id"]
    logs = stack.log_of("notification").read_text()
    assert body["citizen"]["phone"][1:] not in logs


async def test_operator_routes_refuse_bad_input_by_field(http, province_admin):
    dead = await http.get("/api/v1/messages:dead", headers=province_admin)
    assert dead.status_code == 200 and dead.json()["messages"] == []
    cases = [
        (
            await http.post("/api/v1/messages/not-a-uuid:redrive", headers=province_admin),
            400,
            "message_id",
        ),
        (await http.get("/api/v1/messages", headers=province_admin), 400, "tracking_code"),
        (
            await http.get(
                "/api/v1/messages:dead", params={"page_size": 501}, headers=province_admin
            ),
            400,
            "page_size",
        ),
    ]
    for reply, status, field in cases:
        assert reply.status_code == status
        assert [v["field"] for v in reply.json()["error"]["field_violations"]] == [field]
    missing = await http.post(f"/api/v1/messages/{uuid.uuid4()}:redrive", headers=province_admin)
    assert missing.status_code == 404
