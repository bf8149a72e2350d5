"""The web pages' must-show journey through the real system, told in order by this folder's
files (test_1_… to test_4_…): one stack for them all, each going on from where the last
stopped, and what they share."""

import re
import struct
import zlib

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sms_to, stack_fixtures, wait_for

PHONE_NUMBER, PHONE_E164 = "0912345678", "+84912345678"
OFFICER, OFFICER_FIRST, OFFICER_NEW = "bienhoa.canbo", "mat-khau-tam-1", "mat-khau-moi-cua-toi"
FACILITY, FACILITY_NEW = "coso.f731001", "mat-khau-co-so-moi"
OTHER_PHONE, THIRD_PHONE, FOURTH_PHONE = "0987654321", "0977123456", "0966111222"
FIFTH_PHONE, SIXTH_PHONE = "0945333444", "0936555666"
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


# One stack for the whole journey.
stack, api, minted = stack_fixtures("package")


@pytest.fixture(scope="package", autouse=True)
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


def submit_by_api(
    api, stack, phone=OTHER_PHONE, national_id="075090000456", citizen=None, **fields
) -> str:
    """Another citizen's complaint, with the one-time code from the SMS; its code as shown.
    `citizen` and `fields` change the citizen's and the complaint's fields."""
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
    } | fields
    body["citizen"] |= citizen or {}
    reply = api.post("/complaints", json=body)
    assert reply.status_code == 201, reply.text
    return reply.json()["tracking_code"]


def otp_in(texts: list[str]) -> str | None:
    found = [m[1] for text in texts if (m := re.search(r"\b(\d{6})\b", text))]
    return found[-1] if found else None


def figure_becomes(page: Page, name: str, value: str) -> None:
    """The dashboard is seconds behind the cases: reload until the figure shows."""

    def shown():
        page.locator("#period button[type=submit]").click()
        figure = page.locator(f"#stat-{name} .n")
        expect(figure).to_be_visible()
        page.wait_for_load_state("networkidle")
        return True if figure.text_content() == value else None

    wait_for(shown)
