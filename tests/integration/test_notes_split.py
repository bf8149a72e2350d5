"""A decision's internal note and its message to the citizen, through the gateway over the real
services: officers read the note in the case's history; the citizen's status page and SMS carry
the message alone, never the note."""

import json
from pathlib import Path

from tests.factories import Complaints
from tests.harness import eventually
from tests.integration.registry import import_extract
from tests.integration.test_cases_http import COMPLAINANT, REGISTRY, officer, opened_case

NOTE = "Nội bộ: đã gọi trạm y tế Trung Dũng, lô L2 khớp sổ"
FOR_CITIZEN = "Mũi 2 của bạn đã được bổ sung vào hồ sơ."
REJECT_NOTE = "Nội bộ: ảnh chụp màn hình, nghi chỉnh sửa"
REJECT_MESSAGE = "Bạn vui lòng gửi ảnh chụp giấy xác nhận gốc."


async def status_when(http, code: str, phone: str, status: str) -> dict:
    seen = {}

    async def reached():
        seen["body"] = (
            await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})
        ).json()
        return seen["body"]["status"] == status

    await eventually(reached)
    return seen["body"]


def sms_to(system, phone_e164: str) -> list[str]:
    path = Path(system.sms_file)
    lines = path.read_text().splitlines() if path.exists() else []
    return [m["text"] for m in map(json.loads, lines) if m["to"] == phone_e164]


async def test_the_citizen_reads_the_message_and_never_the_internal_note(
    http, system, province_admin
):
    ids = await import_extract(http, province_admin, REGISTRY)
    code, case_id = await opened_case(http, system, Complaints(61).json(citizen=COMPLAINANT))
    district = officer(system, "DISTRICT_OFFICER", "731")
    approved = await http.post(
        f"/api/v1/cases/{case_id}/approve",
        json={
            "citizen_id": ids["R1"],
            "corrections": [
                {"op": "ADD_DOSE", "dose_number": 2, "vaccinated_on": "2021-09-01",
                 "vaccine_code": "AZ"}
            ],
            "note": NOTE,
            "citizen_message": FOR_CITIZEN,
        },
        headers=district,
    )  # fmt: skip
    assert approved.status_code == 200, approved.text

    shown = await status_when(http, code, COMPLAINANT["phone"], "RESOLVED")
    assert shown["outcome"]["message"] == FOR_CITIZEN
    assert "Nội bộ" not in json.dumps(shown, ensure_ascii=False)
    history = (await http.get(f"/api/v1/cases/{case_id}", headers=district)).json()["history"]
    assert (history[-1]["action"], history[-1]["note"]) == ("RESOLVED", NOTE)

    async def told_by_sms():
        return any(code in text for text in sms_to(system, "+84912345678"))

    await eventually(told_by_sms)
    assert not any("Nội bộ" in text for text in sms_to(system, "+84912345678"))


async def test_a_rejection_tells_its_message_and_advice_not_its_note(http, system):
    complaint = Complaints(62).json()
    code, case_id = await opened_case(http, system, complaint)
    district = officer(system, "DISTRICT_OFFICER", "731")
    base = f"/api/v1/cases/{case_id}/reject"
    # OTHER needs the team's note and the citizen's explanation, each named.
    missing = await http.post(base, json={"reason_code": "OTHER"}, headers=district)
    assert missing.status_code == 400
    fields = [v["field"] for v in missing.json()["error"]["field_violations"]]
    assert fields == ["note", "citizen_message"]
    too_long = await http.post(
        base,
        json={"reason_code": "OTHER", "note": "x", "citizen_message": "x" * 2001},
        headers=district,
    )
    assert too_long.status_code == 400
    rejected = await http.post(
        base,
        json={"reason_code": "OTHER", "note": REJECT_NOTE, "citizen_message": REJECT_MESSAGE},
        headers=district,
    )
    assert rejected.status_code == 200, rejected.text

    shown = await status_when(http, code, complaint["citizen"]["phone"], "REJECTED")
    assert shown["outcome"]["message"].startswith(REJECT_MESSAGE + " Vui lòng xem lời nhắn")
    assert "Nội bộ" not in json.dumps(shown, ensure_ascii=False)
