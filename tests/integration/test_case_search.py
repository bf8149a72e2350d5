"""The queue's search through the gateway over the real services: a case found by its tracking
code, the complainant's name (any part, without diacritics), phone or identity number, inside
the caller's unit alone; the phone and number never written to the access log."""

import logging

from tests.factories import Complaints
from tests.integration.registry import dose, extract, import_extract
from tests.integration.test_cases_http import officer, opened_case, queue

LONG_KHANH = {"district_code": "732", "commune_code": "26080"}


async def test_a_case_is_found_by_code_name_phone_or_number_inside_the_unit_alone(
    http, system, caplog, province_admin
):
    complaints = Complaints(81)
    here = complaints.json()
    here["citizen"]["full_name"] = "Nguyễn Thị Hồng Nhung"
    there = complaints.json()
    there["citizen"]["address"] |= LONG_KHANH
    # The registry holds one record with the complainant's identity number.
    held = {"national_id": here["citizen"]["national_id"], "phone": ""}
    await import_extract(http, province_admin, extract(("H", held, [dose(1, "2021-08-01")])))
    code, case_id = await opened_case(http, system, here)
    _, elsewhere_id = await opened_case(http, system, there)
    bien_hoa = officer(system, "DISTRICT_OFFICER", "731")

    async def found(headers, q: str) -> list[str]:
        return [c["case_id"] for c in await queue(http, headers, q=q)]

    local_phone = "0" + here["citizen"]["phone"].removeprefix("+84").lstrip("0")
    national_id = here["citizen"]["national_id"]
    with caplog.at_level(logging.INFO, logger="gateway.access"):
        for q in (
            code.lower(),
            code[:5] + "-" + code[5:],
            "hong nhung",
            "NGUYỄN THỊ HỒNG",
            local_phone,
            national_id,
        ):
            assert await found(bien_hoa, q) == [case_id], q
    # What the system logged (the test's own HTTP client logs its requests too).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "httpx")
    assert "/api/v1/cases" in logged
    assert national_id not in logged and local_phone not in logged

    listed = (await http.get("/api/v1/cases", params={"q": national_id}, headers=bien_hoa)).json()
    assert listed["cases"][0]["citizen_name"] == "Nguyễn Thị Hồng Nhung"
    assert listed["cases"][0]["one_strong_match"] is True
    (other,) = await queue(http, officer(system, "DISTRICT_OFFICER", "732"))
    assert other["one_strong_match"] is False
    # The queue's counts are the search's, on every page (a week to the deadline: none due).
    assert listed["counts"] == {"total": 1, "overdue": 0, "due_today": 0}
    province = officer(system, "PROVINCE_OFFICER", "75")
    first_page = (await http.get("/api/v1/cases", params={"page_size": 1}, headers=province)).json()
    assert first_page["counts"]["total"] == 2 and len(first_page["cases"]) == 1
    # Another district's case is not found from Biên Hòa, however it is named; the province
    # finds it.
    for q in (there["citizen"]["national_id"], there["citizen"]["phone"]):
        assert await found(bien_hoa, q) == []
        assert await found(province, q) == [elsewhere_id]
    assert await found(bien_hoa, "không ai tên này") == []
    # Together with the other filters.
    assert await found(bien_hoa, f"{national_id}") == [case_id]
    assert [
        c["case_id"] for c in await queue(http, bien_hoa, q=national_id, status="RESOLVED")
    ] == []

    too_long = await http.get("/api/v1/cases", params={"q": "x" * 101}, headers=bien_hoa)
    assert too_long.status_code == 400
    assert [v["field"] for v in too_long.json()["error"]["field_violations"]] == ["q"]
