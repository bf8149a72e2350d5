"""The officer, now with a second factor, decides further complaints: a rejection with its
advice, bulk rejection with keyboard paging, asking for more, a repeat marked duplicate; then
the weekly report downloaded by the district and seen by the province."""

import re
from pathlib import Path

import pyotp
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, ADMIN_NEW, screenshot
from tests.browser.journey.conftest import (
    FIFTH_PHONE,
    FOURTH_PHONE,
    OFFICER,
    OFFICER_NEW,
    OTHER_PHONE,
    SIXTH_PHONE,
    THIRD_PHONE,
    citizen_sees,
    journey,
    log_in,
    log_in_with_code,
    open_assigned_case,
    submit_by_api,
)


def test_an_officer_with_a_second_factor_gives_its_code(page, api):
    login = api.post("/auth/login", json={"username": OFFICER, "password": OFFICER_NEW}).json()
    me = {"authorization": f"Bearer {login['access_token']}"}
    secret = api.post("/auth/totp", headers=me).json()["secret"]
    journey["totp_used"] = pyotp.TOTP(secret).now()
    confirmed = api.post("/auth/totp/confirm", json={"code": journey["totp_used"]}, headers=me)
    assert confirmed.status_code == 204

    journey["totp_secret"] = secret
    log_in_with_code(page)


def test_a_rejection_shows_the_officer_the_advice_the_citizen_then_reads(page, api, stack):
    tracking_code = submit_by_api(api, stack)
    log_in_with_code(page)
    open_assigned_case(page, tracking_code)
    page.locator("details.outcome", has_text="Không chấp nhận").locator("summary").click()
    page.select_option("#reason", "NAME_CONFLICT")
    advice = "Vui lòng gửi lại phản ánh với họ tên đúng như trên giấy xác nhận tiêm."
    expect(page.locator("#advice")).to_contain_text(advice)
    page.locator("#reject button[type=submit]:not([data-next])").click()
    expect(page.locator("#status")).to_have_text("Không chấp nhận")

    citizen_sees(page, tracking_code, OTHER_PHONE, "Không chấp nhận")
    expect(page.locator("#r-advice")).to_have_text(f"Hướng dẫn: {advice}")


def test_an_officer_pages_with_the_keyboard_and_rejects_cases_in_bulk(page, api, stack):
    third = submit_by_api(api, stack, phone=THIRD_PHONE, national_id="075090000789")
    log_in_with_code(page)
    # One case a page: the three cases of the journey span three pages.
    page.goto("/console?page_size=1")
    first = page.locator("#cases tbody a").text_content()
    page.locator("body").press("n")
    expect(page.locator("#page-no")).to_have_text("Trang 2")
    expect(page.locator("#cases tbody a")).not_to_have_text(first)
    page.locator("body").press("p")
    expect(page.locator("#page-no")).to_have_text("Trang 1")
    expect(page.locator("#cases tbody a")).to_have_text(first)

    page.goto("/console")
    page.select_option("#f-status", "ASSIGNED")
    page.click("#filters button[type=submit]")
    row = page.locator("#cases tbody tr", has_text=third)
    expect(page.locator("#cases tbody tr")).to_have_count(1)
    row.locator("input[type=checkbox]").check()
    expect(page.locator("#selected")).to_have_text("Đã chọn 1 hồ sơ.")
    page.select_option("#bulk-action", "REJECT")
    page.select_option("#bulk-reason", "PERSONAL_PHOTO_ONLY")
    page.click("#bulk button[type=submit]")
    expect(page.locator("#bulk-results")).to_contain_text(f"{third}: xong")
    expect(page.locator("#empty")).to_be_visible()


def test_asked_for_more_the_citizen_supplements_from_the_status_page(page, api, stack):
    fourth = submit_by_api(api, stack, phone=FOURTH_PHONE, national_id="075090000111")
    log_in_with_code(page)
    open_assigned_case(page, fourth)
    page.locator("details.outcome", has_text="Đề nghị bổ sung").locator("summary").click()
    page.fill("#info-message", "Xin gửi ảnh giấy xác nhận tiêm mũi 2.")
    page.locator("#request-info button[type=submit]").click()
    expect(page.locator("#status")).to_have_text("Cần bổ sung thông tin")

    citizen_sees(page, fourth, FOURTH_PHONE, "Cần bổ sung thông tin")
    expect(page.locator("#r-advice")).to_have_text(
        "Tổ xử lý nhắn: Xin gửi ảnh giấy xác nhận tiêm mũi 2."
    )
    screenshot(page, "status-needs-info")
    page.fill("#more", "Tôi tiêm mũi 2 ngày 01/09/2021 tại Trạm Y tế Trung Dũng.")
    page.click("#supplement button[type=submit]")
    expect(page.locator("#r-badge")).to_have_text("Đang xem xét")
    expect(page.locator("#supplement")).to_be_hidden()


def test_a_repeat_from_another_phone_is_marked_duplicate_from_its_notice(page, api, stack):
    first = submit_by_api(api, stack, phone=FIFTH_PHONE, national_id="075090000222")
    repeat = submit_by_api(api, stack, phone=SIXTH_PHONE, national_id="075090000222")
    assert repeat != first
    log_in_with_code(page)
    open_assigned_case(page, repeat)
    expect(page.locator("#repeat")).to_contain_text(first)
    page.click("#repeat-mark")
    expect(page.locator("#of-code")).to_have_value(first)
    expect(page.locator("#duplicate button[type=submit]")).to_be_focused()
    page.locator("#duplicate button[type=submit]").click()
    expect(page.locator("#status")).to_have_text("Trùng phản ánh khác")

    citizen_sees(page, repeat, SIXTH_PHONE, "Trùng phản ánh khác")
    expect(page.locator("#result")).not_to_contain_text(first)


def test_a_district_downloads_its_weekly_report_and_the_province_sees_it(page):
    log_in_with_code(page)
    page.goto("/dashboard")
    row = page.locator("#weekly tbody tr")
    expect(row).to_contain_text("Bản nháp")
    with page.expect_download() as download:
        row.get_by_role("button", name=re.compile("CSV")).click()
    csv = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *rows = csv.splitlines()
    assert header.startswith("unit_code,unit_name,received,")
    assert any(row.startswith("731,") for row in rows)  # the district's totals
    with page.expect_download() as download:
        row.get_by_role("button", name=re.compile("XLSX")).click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a zip: the XLSX

    page.locator("#logout").click()
    log_in(page, ADMIN, ADMIN_NEW)
    page.goto("/dashboard")
    district = page.locator("#weekly tbody tr", has_text="Biên Hòa")
    expect(district).to_contain_text("Bản nháp")
    expect(district.get_by_role("button", name=re.compile("XLSX"))).to_be_visible()
