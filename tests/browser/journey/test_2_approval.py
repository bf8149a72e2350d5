"""The first complaint approved: the admin's and the officer's first password changes, the
approval with a correction, the citizen reading the new certificate level, the dashboard's
counts moving, and the facility officer confirming the recheck."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, ADMIN_FIRST, ADMIN_NEW, screenshot, wait_for
from tests.browser.journey.conftest import (
    FACILITY,
    FACILITY_NEW,
    OFFICER,
    OFFICER_FIRST,
    OFFICER_NEW,
    PHONE_NUMBER,
    citizen_sees,
    figure_becomes,
    journey,
    log_in,
)


def test_a_common_new_password_is_refused_in_the_reader_s_language(page):
    page.goto("/console/login")
    page.fill("#username", ADMIN)
    page.fill("#password", ADMIN_FIRST)
    page.click("#login button[type=submit]")
    for switch, words in ((False, "quá phổ biến"), (True, "too common")):
        if switch:
            page.click("#lang")
        page.fill("#new_password", "Matkhau@2021")
        page.fill("#new_password_again", "Matkhau@2021")
        page.click("#change button[type=submit]")
        expect(page.locator("#new_password")).to_have_attribute("aria-invalid", "true")
        described_by = page.locator("#new_password").get_attribute("aria-describedby")
        expect(page.locator(f"#{described_by}")).to_contain_text(words)


def test_the_province_admin_changes_the_first_password_and_sees_the_complaint_counted(
    page, api, minted
):
    log_in(page, ADMIN, ADMIN_FIRST, ADMIN_NEW)
    with page.expect_request(re.compile(r"/charts/burndown\.svg\?(.*&)?lang=vi")):
        page.goto("/dashboard")
    figure_becomes(page, "received", "1")
    expect(page.locator("#stat-resolved .n")).to_have_text("0")
    expect(page.locator("#burndown")).to_have_attribute("src", re.compile("^blob:"))
    # The charts' words are the page's language, asked again at the switch.
    with page.expect_request(re.compile(r"/charts/burndown\.svg\?(.*&)?lang=en")):
        page.click("#lang")
    page.click("#lang")
    admin = minted("PROVINCE_ADMIN", "75")
    for lang, title in (("vi", "Hồ sơ tồn của"), ("en", "Backlog of")):
        chart = api.get(f"/reports/charts/burndown.svg?lang={lang}", headers=admin)
        assert chart.status_code == 200 and title in chart.text
    assert api.get("/reports/charts/burndown.svg?lang=fr", headers=admin).status_code == 400


def test_an_officer_changes_the_password_and_approves_the_case_with_a_correction(page, api, minted):
    # The case is made from the complaint's event: wait until it is in the district's queue.
    district = minted("DISTRICT_OFFICER", "731")
    province = minted("PROVINCE_ADMIN", "75")

    def queued():
        cases = api.get("/cases", headers=district).json()["cases"]
        return True if cases else None

    try:
        wait_for(queued)
    except AssertionError:
        raise AssertionError(api.get("/cases", headers=province).text) from None
    log_in(page, OFFICER, OFFICER_FIRST, OFFICER_NEW)
    expect(page).to_have_url(re.compile("/console$"))
    row = page.locator("#cases tbody tr", has_text=journey["tracking_code"])
    expect(row).to_have_count(1)
    expect(row.locator(".badge.warn")).to_have_text("Sắp đến hạn")
    screenshot(page, "queue")
    row.get_by_role("link").click()

    expect(page.locator("#code")).to_have_text(journey["tracking_code"])
    journey["case_url"] = page.url
    # The claimed dose 2 is not in the record: marked, and proposed as the correction.
    expect(page.locator("#claimed tr.missing")).to_have_count(1)
    expect(page.locator("#candidates input[type=radio]")).to_be_checked()
    correction = page.locator("#corrections fieldset[data-op=ADD_DOSE]")
    expect(correction.locator(".apply")).to_be_checked()
    expect(correction.locator("[data-key=vaccinated_on]")).to_have_value("2021-09-01")
    correction.locator("[data-key=lot_number]").fill("A1235")  # the officer's correction
    page.get_by_role("button", name="Phóng to Minh chứng 1").click()
    expect(page.locator("#zoom")).to_be_visible()
    page.locator("#zoom-close").click()
    screenshot(page, "case")

    page.locator("#approve button[type=submit]:not([data-next])").click()
    expect(page.locator("#decided")).to_contain_text("Đã giải quyết")
    expect(page.locator("#status")).to_have_text("Đã giải quyết")
    expect(page.locator("#decide")).to_be_hidden()


def test_the_citizen_then_reads_the_new_certificate_level(page):
    citizen_sees(page, journey["tracking_code"], PHONE_NUMBER, "Đã giải quyết")
    expect(page.locator("#r-level-name")).to_have_text("Đủ liều cơ bản")
    expect(page.locator("#r-explain")).to_have_text("Hồ sơ tiêm chủng của bạn đã được điều chỉnh.")
    screenshot(page, "status-resolved")
    page.click("#lang")
    expect(page.locator("#r-level-name")).to_have_text("Primary course complete")


def test_the_province_admin_sees_the_counts_move(page):
    log_in(page, ADMIN, ADMIN_NEW)
    page.goto("/dashboard")
    figure_becomes(page, "resolved", "1")
    expect(page.locator("#stat-pending .n")).to_have_text("0")
    screenshot(page, "dashboard")


def test_the_province_admin_creates_a_facility_officer_who_confirms_the_recheck(page, browser):
    log_in(page, ADMIN, ADMIN_NEW)
    page.goto("/console/accounts")
    page.fill("#a-username", FACILITY)
    page.select_option("#a-role", "FACILITY_OFFICER")
    page.fill("#a-unit", "F731001")
    page.click("#create button[type=submit]")
    expect(page.locator("#created")).to_contain_text(FACILITY)
    first_password = page.locator("#created").text_content().split(": ", 1)[1].split(" ", 1)[0]
    expect(page.locator("#accounts tbody tr", has_text=FACILITY)).to_contain_text(
        "Chờ đổi mật khẩu"
    )

    page.locator("#logout").click()
    log_in(page, FACILITY, first_password, FACILITY_NEW)
    expect(page).to_have_url(re.compile("/console/rechecks$"))
    expect(page.get_by_role("link", name="Hồ sơ")).to_be_hidden()  # the teams' queue
    pending = page.locator("#list form", has_text=journey["tracking_code"])
    expect(pending).to_contain_text("Chờ kiểm tra")
    screenshot(page, "rechecks-facility")
    pending.get_by_role("button", name="Xác nhận đúng").click()
    page.select_option("#r-status", "CONFIRMED")
    page.click("#filter button[type=submit]")
    expect(page.locator("#list form", has_text=journey["tracking_code"])).to_contain_text(
        "Đã xác nhận"
    )
