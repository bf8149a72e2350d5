"""Admins who must have a second factor (PHANANH_ADMIN_2FA): at the first login the page
takes them through the password change, then the authenticator's enrolment, then a login
with a code."""

import pyotp
import pytest
from playwright.sync_api import expect

from phananh_common.stack import Stack
from tests.browser.conftest import ADMIN, ADMIN_FIRST, ADMIN_NEW, wait_for
from tests.e2e.conftest import stack_env


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env(PHANANH_ADMIN_2FA="1"))
    stack.start(timeout=180)
    yield stack
    stack.stop()


def test_an_admin_enrols_an_authenticator_then_logs_in_with_its_code(page):
    page.goto("/console/login")
    page.fill("#username", ADMIN)
    page.fill("#password", ADMIN_FIRST)
    page.click("#login button[type=submit]")
    page.fill("#new_password", ADMIN_NEW)
    page.fill("#new_password_again", ADMIN_NEW)
    page.click("#change button[type=submit]")

    expect(page.locator("#enrol")).to_be_visible()
    secret = page.locator("#totp-uri").text_content().split(" (", 1)[0]
    totp = pyotp.TOTP(secret)
    enrolled_with = totp.now()
    page.fill("#enrol_code", enrolled_with)
    page.click("#enrol button[type=submit]")
    expect(page.locator("#login-note")).to_contain_text("Đã bật xác thực hai lớp")

    page.fill("#username", ADMIN)
    page.fill("#password", ADMIN_NEW)
    page.fill(
        "#totp_code", wait_for(lambda: totp.now() if totp.now() != enrolled_with else None, 35)
    )
    page.click("#login button[type=submit]")
    expect(page.locator("#who")).to_contain_text(ADMIN)
    expect(page.locator("h1")).to_have_text("Hồ sơ phản ánh")
