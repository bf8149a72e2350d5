"""`/docs` in Chromium: Swagger UI renders the gateway's operations from its own files, and
the page's content security policy refuses nothing it needs. The page and the schema need no
service: the gateway runs alone, as `python -m gateway`."""

import time
import urllib.request

import pytest
from playwright.sync_api import expect

from phananh_common.stack import Stack
from tests.browser.conftest import DESKTOP, screenshot
from tests.e2e.conftest import stack_env


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env())
    stack.prepare_keys()
    stack.start_process("gateway")
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{stack.base_url}/healthz", timeout=2):
                break
        except OSError:
            assert time.monotonic() < deadline, stack.log_of("gateway").read_text()
            time.sleep(0.2)
    yield stack
    stack.stop()


def test_the_api_docs_render_every_operation_under_the_policy(browser, stack):
    context = browser.new_context(viewport=DESKTOP, base_url=stack.base_url)
    page = context.new_page()
    problems, elsewhere = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: r.url.startswith(stack.base_url) or elsewhere.append(r.url))
    page.goto("/docs")
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/complaints").first
    ).to_be_visible()
    schema = page.request.get("/openapi.json").json()
    operations = sum(len(o) for o in schema["paths"].values())
    expect(page.locator(".opblock")).to_have_count(operations)
    # Trying an operation calls the API from the page: allowed by the policy too.
    vaccines = page.locator(".opblock", has_text="/api/v1/vaccines")
    vaccines.locator(".opblock-summary").click()
    vaccines.locator(".try-out__btn").click()
    vaccines.locator(".execute").click()
    expect(vaccines.locator(".live-responses-table .response-col_status").last).to_have_text("200")
    screenshot(page, "api-docs")
    context.close()
    assert problems == [] and elsewhere == []
