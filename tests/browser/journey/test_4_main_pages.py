"""The main pages at a phone's and a desktop's width (screenshots, nothing wider than the
screen), and the pages' and files' security and caching headers."""

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN, ADMIN_NEW, DESKTOP, PHONE, screenshot
from tests.browser.journey.conftest import journey

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
