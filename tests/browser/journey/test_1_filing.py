"""The journey begins: a citizen reads the privacy notice and files a complaint with a photo
and the one-time code sent to the phone, and a wrong field is marked beside it in the
citizen's language."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sms_to, wait_for
from tests.browser.journey.conftest import PHONE_E164, PHONE_NUMBER, journey, otp_in, png


def test_a_citizen_files_a_complaint_with_a_photo_and_the_code_sent_to_the_phone(
    page, stack, tmp_path
):
    photo = tmp_path / "giay-xac-nhan.png"
    photo.write_bytes(png())
    page.goto("/")
    expect(page.locator("body[data-ready]")).to_be_attached()
    expect(page.locator("#province")).to_have_value("75")
    page.fill("#full_name", "Nguyễn Thị Hồng")
    page.fill("#date_of_birth", "1985-04-12")
    page.select_option("#gender", "FEMALE")
    page.fill("#phone", PHONE_NUMBER)
    page.fill("#national_id", "075185000123")
    page.select_option("#district", "731")
    expect(page.locator('#commune option[value="25993"]')).to_be_attached()
    page.select_option("#commune", "25993")
    page.fill("#street", "12 Phạm Văn Thuận")
    page.select_option("#category", "MISSING_DOSE")
    page.fill("#description", "Thiếu mũi 2 tiêm ngày 01/09/2021.")
    page.fill("#dose-0-dose_number", "2")
    page.fill("#dose-0-vaccinated_on", "2021-09-01")
    page.select_option("#dose-0-vaccine_code", "AZ")
    page.fill("#dose-0-lot_number", "A1234")
    page.select_option("#dose-0-facility_district", "731")
    expect(page.locator('#dose-0-facility_code option[value="F731001"]')).to_be_attached()
    page.select_option("#dose-0-facility_code", "F731001")
    page.set_input_files("#photos", str(photo))
    expect(page.locator("#previews img")).to_have_count(1)

    # The privacy notice (decree 13/2023) beside the button, opened on demand.
    expect(page.locator("#privacy-text")).not_to_be_visible()
    page.click("#privacy summary")
    expect(page.locator("#privacy-text")).to_contain_text("Nghị định 13/2023/NĐ-CP")
    expect(page.locator("#privacy-text")).to_contain_text("Thời gian lưu trữ")

    page.click("#complaint button[type=submit]")
    # The API asks for the one-time code: the step appears, with the error beside the field.
    expect(page.locator("#otp-step")).to_be_visible()
    # The service's English description, said in the page's language by the field it names.
    expect(page.locator("#otp-step .field-error")).to_contain_text("Cần mã xác nhận còn hiệu lực")
    screenshot(page, "portal-otp")
    page.click("#send-otp")
    code = wait_for(lambda: otp_in(sms_to(stack, PHONE_E164)))
    page.fill("#otp", code)
    page.click("#complaint button[type=submit]")

    expect(page.locator("#done")).to_be_visible()
    tracking_code = page.locator("#tracking-code").text_content()
    assert re.fullmatch(r"[A-Z0-9-]{6,}", tracking_code), tracking_code
    expect(page.locator("#upload-report")).to_contain_text("1/1")
    screenshot(page, "portal-done")
    journey["tracking_code"] = tracking_code

    page.click("#status-link")
    expect(page.locator("#code")).to_have_value(tracking_code)
    page.fill("#phone", PHONE_NUMBER)
    page.click("#lookup button[type=submit]")
    expect(page.locator("#r-badge")).to_have_text(re.compile("Đã tiếp nhận|Đã chuyển tổ xử lý"))
    expect(page.locator("#r-next")).to_contain_text("Bạn không cần làm gì thêm")
    screenshot(page, "status-open")


def test_a_wrong_field_is_marked_beside_it_in_the_citizens_language(page):
    page.goto("/")
    expect(page.locator("body[data-ready]")).to_be_attached()
    page.click("#lang")
    expect(page.locator("h1")).to_have_text("File a complaint about a vaccination certificate")
    page.fill("#full_name", "Trần Văn An")
    page.click("#complaint button[type=submit]")
    # The API names the fields; each message stands beside its input.
    for field in ("#date_of_birth", "#dose-0-vaccinated_on"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
        described_by = page.locator(field).get_attribute("aria-describedby")
        expect(page.locator(f"#{described_by}")).to_have_text("Enter a valid date.")
    expect(page.locator(".form-error")).to_have_text("Please correct the marked fields.")
    screenshot(page, "portal-errors")
