"""The web pages' must-show journey through the real system: a citizen files a complaint
(with the one-time code) and reads its status; an officer logs in, changes the password and
approves the case with a correction; the citizen then sees the new certificate level; the
province admin sees the counts move on the dashboard. Tests run in order and share the
stack."""

import re
import struct
import time
import zlib
from pathlib import Path

import httpx
import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sms_to

PHONE_NUMBER, PHONE_E164 = "0912345678", "+84912345678"
OFFICER, OFFICER_FIRST, OFFICER_NEW = "bienhoa.canbo", "mat-khau-tam-1", "mat-khau-moi-cua-toi"
FACILITY, FACILITY_NEW = "coso.f731001", "mat-khau-co-so-moi"
OTHER_PHONE, THIRD_PHONE, FOURTH_PHONE = "0987654321", "0977123456", "0966111222"
FIFTH_PHONE, SIXTH_PHONE = "0945333444", "0936555666"
ADMIN, ADMIN_FIRST, ADMIN_NEW = "tinh.quantri", "mat-khau-ban-dau", "mat-khau-tinh-moi"
FACILITIES = "code,name,district_code,commune_code\nF731001,Trạm Y tế Phường Trung Dũng,731,26041\n"
REGISTRY = (
    "record_id,full_name,date_of_birth,gender,phone,national_id,province_code,district_code,"
    "commune_code,dose_number,vaccinated_on,vaccine_code,lot_number,facility_code\n"
    "R1,Nguyễn Thị Hồng,1985-04-12,FEMALE,0912345678,075185000123,75,731,25993,1,2021-07-01,"
    "AZ,A0001,F731001\n"
)
journey: dict[str, str] = {}


def png(width: int = 48, height: int = 32) -> bytes:
    """A small real PNG (a pale blue card), as a phone's photo would be."""
    row = b"\x00" + b"\xbe\xd8\xf0" * width
    chunk = lambda kind, data: (  # noqa: E731
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module", autouse=True)
def seeded(api, minted):
    """The facility, the citizen's registry record (one AstraZeneca dose) and the district
    officer's account, made through the API."""
    admin = minted("PROVINCE_ADMIN", "75")
    csv = {"content-type": "text/csv", **admin}
    assert api.post("/facilities:import", content=FACILITIES.encode(), headers=csv).is_success
    assert api.post("/registry:import", content=REGISTRY.encode(), headers=csv).is_success
    account = {"username": OFFICER, "role": "DISTRICT_OFFICER", "unit_code": "731"}
    created = api.post(
        "/accounts", json=account | {"initial_password": OFFICER_FIRST}, headers=admin
    )
    assert created.status_code == 201, created.text


def log_in(page: Page, username: str, password: str, new_password: str | None = None) -> None:
    page.goto("/console/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login button[type=submit]")
    if new_password:
        expect(page.locator("#change")).to_be_visible()
        page.fill("#current_password", password)
        page.fill("#new_password", new_password)
        page.fill("#new_password_again", new_password)
        page.click("#change button[type=submit]")
    expect(page.locator("#who")).to_contain_text(username)


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
    page.locator("#evidence button").click()
    expect(page.locator("#zoom")).to_be_visible()
    page.locator("#zoom-close").click()
    screenshot(page, "case")

    page.locator("#approve button[type=submit]").click()
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


def test_an_officer_with_a_second_factor_gives_its_code(page, api):
    login = api.post("/auth/login", json={"username": OFFICER, "password": OFFICER_NEW}).json()
    me = {"authorization": f"Bearer {login['access_token']}"}
    secret = api.post("/auth/totp", headers=me).json()["secret"]
    journey["totp_used"] = pyotp.TOTP(secret).now()
    confirmed = api.post("/auth/totp/confirm", json={"code": journey["totp_used"]}, headers=me)
    assert confirmed.status_code == 204

    journey["totp_secret"] = secret
    log_in_with_code(page)


def log_in_with_code(page: Page) -> None:
    """The officer's password, then the code the login asks for (a fresh one each time)."""
    page.goto("/console/login")
    page.fill("#username", OFFICER)
    page.fill("#password", OFFICER_NEW)
    page.click("#login button[type=submit]")
    expect(page.locator("#totp_code")).to_have_attribute("aria-invalid", "true")
    totp = pyotp.TOTP(journey["totp_secret"])
    code = wait_for(lambda: totp.now() if totp.now() != journey.get("totp_used") else None, 35)
    journey["totp_used"] = code
    page.fill("#totp_code", code)
    page.click("#login button[type=submit]")
    expect(page.locator("#who")).to_contain_text(OFFICER)


def test_a_rejection_shows_the_officer_the_advice_the_citizen_then_reads(page, api, stack):
    tracking_code = submit_by_api(api, stack)
    log_in_with_code(page)
    open_assigned_case(page, tracking_code)
    page.locator("details.outcome", has_text="Không chấp nhận").locator("summary").click()
    page.select_option("#reason", "NAME_CONFLICT")
    advice = "Vui lòng gửi lại phản ánh với họ tên đúng như trên giấy xác nhận tiêm."
    expect(page.locator("#advice")).to_contain_text(advice)
    page.locator("#reject button[type=submit]").click()
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


def open_assigned_case(page: Page, tracking_code: str) -> None:
    page.select_option("#f-status", "ASSIGNED")
    page.click("#filters button[type=submit]")
    page.locator("#cases tbody tr", has_text=tracking_code).get_by_role("link").click()
    expect(page.locator("#code")).to_have_text(tracking_code)


def citizen_sees(page: Page, tracking_code: str, phone: str, status: str) -> None:
    """The status page, looked up again until the decision (an event away) shows."""
    page.goto(f"/tra-cuu?ma={tracking_code}")
    page.fill("#phone", phone)

    def shown():
        page.click("#lookup button[type=submit]")
        page.wait_for_selector("#result:not([hidden])")
        return True if page.locator("#r-badge").text_content() == status else None

    wait_for(shown)


def submit_by_api(api, stack, phone=OTHER_PHONE, national_id="075090000456") -> str:
    """Another citizen's complaint, with the one-time code from the SMS; its code as shown."""
    assert api.post("/otp", json={"phone": phone}).status_code == 202
    code = wait_for(lambda: otp_in(sms_to(stack, f"+84{phone[1:]}")))
    body = {
        "citizen": {
            "full_name": "Lê Văn Bình",
            "date_of_birth": "1990-02-03",
            "gender": "MALE",
            "phone": phone,
            "national_id": national_id,
            "address": {"province_code": "75", "district_code": "731", "commune_code": "25993"},
        },
        "category": "WRONG_PERSONAL_INFO",
        "description": "Sai họ tên.",
        "otp": code,
    }
    reply = api.post("/complaints", json=body)
    assert reply.status_code == 201, reply.text
    return reply.json()["tracking_code"]


def otp_in(texts: list[str]) -> str | None:
    found = [m[1] for text in texts if (m := re.search(r"\b(\d{6})\b", text))]
    return found[-1] if found else None


MAIN_PAGES = {
    "portal": "/",
    "status": "/tra-cuu",
    "login": "/console/login",
    "queue-admin": "/console",
    "case-admin": None,  # the journey's case
    "rechecks": "/console/rechecks",
    "accounts": "/console/accounts",
    "dashboard-admin": "/dashboard",
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_the_main_pages(browser, stack, api, viewport):
    login = api.post("/auth/login", json={"username": ADMIN, "password": ADMIN_NEW}).json()
    context = browser.new_context(viewport=viewport, base_url=stack.base_url)
    context.add_init_script(
        "if (location.pathname !== '/console/login') {"
        f"sessionStorage.setItem('token', {login['access_token']!r});"
        "sessionStorage.setItem('role', 'PROVINCE_ADMIN');"
        "sessionStorage.setItem('unit', '75');"
        f"sessionStorage.setItem('username', {ADMIN!r}); }}"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, path in MAIN_PAGES.items():
        page.goto(path or journey["case_url"])
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1")).to_be_visible()
        # Nothing wider than the screen: the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
        screenshot(page, name)
    context.close()
    assert errors == []


def test_pages_and_files_allow_only_their_own_origin_and_files_are_cached(api, stack):
    page = httpx.get(f"{stack.base_url}/console", timeout=10)
    script = httpx.get(f"{stack.base_url}/static/api.js", timeout=10)
    for reply in (page, script):
        assert reply.status_code == 200
        assert reply.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["cache-control"] == "no-cache"
    assert "max-age" in script.headers["cache-control"]
    again = httpx.get(
        f"{stack.base_url}/static/api.js",
        headers={"if-none-match": script.headers["etag"]},
        timeout=10,
    )
    assert again.status_code == 304


def figure_becomes(page: Page, name: str, value: str) -> None:
    """The dashboard is seconds behind the cases: reload until the figure shows."""

    def shown():
        page.locator("#period button[type=submit]").click()
        figure = page.locator(f"#stat-{name} .n")
        expect(figure).to_be_visible()
        page.wait_for_load_state("networkidle")
        return True if figure.text_content() == value else None

    wait_for(shown)


def wait_for(probe, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := probe()) is not None:
            return found
        time.sleep(0.3)
    raise AssertionError("not seen in time")
