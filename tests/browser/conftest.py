"""Browser tests: Playwright drives Debian's Chromium (`make debian-packages` installs it)
against the whole system as `make run` starts it, one stack per module. Screenshots go to
test-artifacts/screenshots/ (not committed)."""

import json
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from phananh_common.stack import Stack
from tests.e2e.conftest import stack_env
from tests.harness import mint_token

CHROMIUM = "/usr/bin/chromium"
# As root and without a network, Chromium starts only with these.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Password hashing and event delivery take seconds on a busy machine.
expect.set_options(timeout=20_000)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 850}
ADMIN, ADMIN_FIRST, ADMIN_NEW = "tinh.quantri", "mat-khau-ban-dau", "mat-khau-tinh-moi"


def stack_fixtures(scope: str, one_time_codes: bool = True) -> tuple:
    """The fixtures `stack`, `api` and `minted` at `scope`: a conftest (or a module) that
    assigns them gets one stack for that scope. Without `one_time_codes` complaints are filed
    by the API alone."""

    @pytest.fixture(scope=scope)
    def stack(tmp_path_factory):
        # The portal's one-time-code step is part of what the browser goes through, and a
        # deadline within a day makes every case "due soon" (the queue's badge).
        codes = "1" if one_time_codes else "0"
        env = stack_env(PHANANH_OTP_REQUIRED=codes, PHANANH_SLA_HOURS="20")
        stack = Stack(tmp_path_factory.mktemp("data"), env)
        stack.start(timeout=180)  # the shared test machine can be slow to start five processes
        yield stack
        stack.stop()

    @pytest.fixture(scope=scope)
    def api(stack):
        with httpx.Client(base_url=f"{stack.base_url}/api/v1", timeout=15) as client:
            yield client

    @pytest.fixture(scope=scope)
    def minted(stack):
        """minted(role, unit) → headers with a token signed by the stack's own key, for the
        set-up a test does not show (the browser logs in for real)."""
        key = Path(stack.env["PHANANH_TOKEN_SIGNING_KEY_FILE"]).read_text()
        return lambda role, unit: {"authorization": f"Bearer {mint_token(key, role, unit)}"}

    return stack, api, minted


stack, api, minted = stack_fixtures("module")


@pytest.fixture(scope="module")
def browser(stack) -> Browser:
    # After the stack: its start runs an event loop, which Playwright's own must not hold.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, stack) -> Page:
    """A phone-sized page of a fresh browser session."""
    context = browser.new_context(viewport=PHONE, base_url=stack.base_url, locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], "the page's scripts failed"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def sms_to(stack: Stack, phone: str) -> list[str]:
    """The texts of the SMS the file provider sent to the phone (+84…)."""
    path = Path(stack.env["PHANANH_SMS_FILE"])
    lines = path.read_text().splitlines() if path.exists() else []
    return [m["text"] for m in map(json.loads, lines) if m["to"] == phone]


def wait_for(probe, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := probe()) is not None:
            return found
        time.sleep(0.3)
    raise AssertionError("not seen in time")


def case_of(api: httpx.Client, headers: dict, tracking_code: str) -> str:
    """The id of the complaint's case, once the officer's queue lists it."""

    def listed():
        cases = api.get("/cases", headers=headers).json()["cases"]
        return next((c["case_id"] for c in cases if c["tracking_code"] == tracking_code), None)

    return wait_for(listed)


def sign_in(page: Page, headers: dict, role: str, unit: str, username: str) -> None:
    """The page's console session for a minted token (logging in is the journey's to test)."""
    session = {
        "token": headers["authorization"].split()[1],
        "role": role,
        "unit": unit,
        "username": username,
    }
    stored = (
        f"sessionStorage.setItem({json.dumps(k)}, {json.dumps(v)});" for k, v in session.items()
    )
    page.add_init_script("".join(stored))
