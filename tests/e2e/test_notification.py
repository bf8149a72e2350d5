"""Notification as `make run` starts it: the file provider writes the SMS of a submitted
complaint, and the operator routes show it (they need the province-admin guard at merge)."""

import json
import uuid
from pathlib import Path

from tests.factories import Complaints
from tests.harness import eventually


def sms_lines(stack) -> list[dict]:
    path = Path(stack.env["PHANANH_SMS_FILE"])
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_a_submitted_complaint_is_texted_and_listed(stack, http):
    body = Complaints(40).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]

    async def texted():
        return any(code in line["text"] for line in sms_lines(stack))

    await eventually(texted, timeout=30)
    (line,) = [line for line in sms_lines(stack) if code in line["text"]]
    assert line["to"] == "+84" + body["citizen"]["phone"][1:]
    assert f"Ma tra cuu: {code}." in line["text"]  # as the portal showed it
    assert body["citizen"]["full_name"] not in line["text"]

    reply = await http.get("/api/v1/messages", params={"tracking_code": code})
    assert reply.status_code == 200
    (message,) = reply.json()["messages"]
    assert (message["kind"], message["status"]) == ("COMPLAINT_RECEIVED", "SENT")
    assert message["message_id"] == line["message_id"]
    logs = stack.log_of("notification").read_text()
    assert body["citizen"]["phone"][1:] not in logs


async def test_operator_routes_refuse_bad_input_by_field(http):
    dead = await http.get("/api/v1/messages:dead")
    assert dead.status_code == 200 and dead.json()["messages"] == []
    cases = [
        (await http.post("/api/v1/messages/not-a-uuid:redrive"), 400, "message_id"),
        (await http.get("/api/v1/messages"), 400, "tracking_code"),
        (await http.get("/api/v1/messages:dead", params={"page_size": 501}), 400, "page_size"),
    ]
    for reply, status, field in cases:
        assert reply.status_code == status
        assert [v["field"] for v in reply.json()["error"]["field_violations"]] == [field]
    missing = await http.post(f"/api/v1/messages/{uuid.uuid4()}:redrive")
    assert missing.status_code == 404
