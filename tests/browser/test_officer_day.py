"""An officer's day on a laptop screen (1366×850): five plain cases (one strong match on the
identity number, dose 2 missing), each closed from the queue in two actions, open and
approve-and-next, with nothing to scroll, the last one sending the officer back to the queue as
it was left, filters and all; a case found by identity number. And the province's view of the
deadline: the projected finish and the district most at risk."""

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, screenshot, stack_fixtures, wait_for
from tests.factories import Complaints
from tests.integration.registry import dose, extract

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CASES = 5


stack, api, minted = stack_fixtures("module", one_time_codes=False)


def plain_cases(api, minted) -> list[str]:
    """Five complaints, each of a person the registry holds with dose 1 alone."""
    complaints = Complaints(71)
    bodies = [complaints.json() for _ in range(CASES)]
    records = [
        (
            f"P{i}",
            {
                "full_name": b["citizen"]["full_name"],
                "date_of_birth": b["citizen"]["date_of_birth"],
                "gender": b["citizen"]["gender"],
                "phone": b["citizen"]["phone"],
                "national_id": b["citizen"]["national_id"],
            },
            [dose(1, "2021-08-01")],
        )
        for i, b in enumerate(bodies)
    ]
    admin = minted("PROVINCE_ADMIN", "75")
    imported = api.post(
        "/registry:import",
        content=extract(*records),
        headers={"content-type": "text/csv", **admin},
    )
    assert imported.status_code == 200, imported.text
    codes = [api.post("/complaints", json=b).json()["tracking_code"] for b in bodies]
    district = minted("DISTRICT_OFFICER", "731")

    def all_queued():
        listed = api.get("/cases", params={"page_size": 100}, headers=district).json()["cases"]
        return listed if {c["tracking_code"] for c in listed} >= set(codes) else None

    wait_for(all_queued)
    return codes


def signed_in(browser, stack, minted, role="DISTRICT_OFFICER", unit="731"):
    context = browser.new_context(viewport=DESKTOP, base_url=stack.base_url, locale="vi-VN")
    context.set_default_timeout(20_000)
    token = minted(role, unit)["authorization"].split()[1]
    session = {"token": token, "role": role, "unit": unit, "username": "canbo"}
    context.add_init_script(
        "".join(
            f"sessionStorage.setItem({json.dumps(k)}, {json.dumps(v)});" for k, v in session.items()
        )
    )
    return context


def test_five_plain_cases_closed_in_two_actions_each_without_scrolling(browser, stack, api, minted):
    codes = plain_cases(api, minted)
    context = signed_in(browser, stack, minted)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/console?unit_code=731&status=ASSIGNED")
    expect(page.locator("#cases tbody tr")).to_have_count(CASES)
    # Each case's identity number is held by one record: the queue says so.
    expect(page.locator("#cases tbody .badge.ok")).to_have_count(CASES)
    expect(page.locator("#f-unit")).to_have_value("731")

    closed = []
    for n in range(CASES):
        if n == 0 or page.url.startswith(f"{stack.base_url}/console?"):
            # Action 1: the case, from the queue.
            page.locator("#cases tbody a").first.click()
        expect(page.locator("#approve-next")).to_be_visible()
        expect(page.locator("#corrections fieldset[data-op=ADD_DOSE]")).to_have_count(1)
        code = page.locator("#code").inner_text()
        if n == 0:
            screenshot(page, "case-plain")
        # The whole decision is in view of a laptop's screen: nothing to scroll to.
        box = page.locator("#approve-next").bounding_box()
        assert box["y"] + box["height"] <= DESKTOP["height"], box
        assert page.evaluate("window.scrollY") == 0
        before = page.url
        # Action 2: approve and open the next case (the key A for one of them).
        if n == 2:
            page.keyboard.press("a")
        else:
            page.locator("#approve-next").click()
        page.wait_for_url(lambda url, before=before: url != before)
        closed.append(code)

    assert sorted(closed) == sorted(codes)
    # The queue is empty of those cases: the officer is back on it, as it was left.
    expect(page).to_have_url(re.compile(r"/console\?.*unit_code=731"))
    expect(page.locator("#f-status")).to_have_value("ASSIGNED")
    expect(page.locator("#empty")).to_be_visible()
    district = minted("DISTRICT_OFFICER", "731")
    resolved = api.get("/cases", params={"status": "RESOLVED", "page_size": 100}, headers=district)
    assert {c["tracking_code"] for c in resolved.json()["cases"]} >= set(codes)
    context.close()
    assert errors == [], "the page's scripts failed"


def test_a_case_is_found_by_identity_number(browser, stack, api, minted):
    complaint = Complaints(72).json()
    code = api.post("/complaints", json=complaint).json()["tracking_code"]
    district = minted("DISTRICT_OFFICER", "731")
    wait_for(
        lambda: api.get("/cases", params={"q": code}, headers=district).json()["cases"] or None
    )
    context = signed_in(browser, stack, minted)
    page = context.new_page()
    page.goto("/console")
    page.get_by_label("Tìm theo mã phản ánh").fill(complaint["citizen"]["national_id"])
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("#cases tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(code)
    expect(rows).to_contain_text(complaint["citizen"]["full_name"])
    expect(page.locator("#counts")).to_contain_text("1")
    # The search stays in the address: the case opened goes back to it.
    rows.locator("a").click()
    page.locator("#back").click()
    expect(page.locator("#f-q")).to_have_value(complaint["citizen"]["national_id"])
    expect(rows).to_have_count(1)
    context.close()


def test_the_province_reads_the_projected_finish_and_the_district_most_at_risk(
    browser, stack, api, minted
):
    # By now Biên Hòa closed its five and more come in; Long Khánh closed none of its own.
    complaints = Complaints(73)
    for district, commune in (("731", "25993"), ("731", "25993"), ("732", "26080")):
        body = complaints.json()
        body["citizen"]["address"] |= {"district_code": district, "commune_code": commune}
        assert api.post("/complaints", json=body).status_code == 201
    admin = minted("PROVINCE_ADMIN", "75")

    def reported():
        summary = api.get("/reports/summary", headers=admin).json()
        closed = summary["resolved"] + summary["rejected"]
        return summary if closed >= CASES and summary["backlog"]["open"] >= 4 else None

    backlog = wait_for(reported)["backlog"]
    context = signed_in(browser, stack, minted, "PROVINCE_ADMIN", "75")
    page = context.new_page()
    page.goto("/dashboard")
    finish = datetime.now(UTC).astimezone(LOCAL) + timedelta(days=-(-backlog["open"] * 7 // CASES))
    expect(page.locator("#backlog-projected_finish .n")).to_have_text(
        f"{finish.day}/{finish.month}/{finish.year}"
    )
    expect(page.locator("#riskiest")).to_contain_text("Long Khánh")
    expect(page.locator("#risk tbody tr").first).to_contain_text("Long Khánh")
    screenshot(page, "dashboard-deadline")
    context.close()
