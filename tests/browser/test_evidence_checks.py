"""The evidence checks as people see them: the portal warns about a blurred photo before it is
sent (it may still be sent), and the officer's case page shows the fields read on the
certificate beside the claim, with the rejection reason a difference suggests."""

import json
import random

import pytest
from playwright.sync_api import expect

from phananh_common.stack import Stack
from tests.browser.conftest import screenshot, wait_for
from tests.e2e.conftest import stack_env
from tests.factories import Complaints
from tests.vaccination_papers import certificate

# Papers of this seed are read right (Tesseract is deterministic on the same pixels).
SEED = 5


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env())
    stack.start(timeout=180)
    yield stack
    stack.stop()


def test_the_portal_warns_about_a_blurred_photo_before_sending_it(page, tmp_path):
    rng = random.Random(SEED)
    sharp, blurred = tmp_path / "sharp.jpg", tmp_path / "blurred.jpg"
    sharp.write_bytes(certificate(rng).jpeg())
    blurred.write_bytes(certificate(rng, blurred=True).jpeg())
    page.goto("/")
    expect(page.locator("body[data-ready]")).to_be_attached()
    page.set_input_files("#photos", [str(sharp), str(blurred)])
    previews = page.locator("#previews li")
    expect(previews).to_have_count(2)
    expect(previews.nth(1).locator(".blurry-photo")).to_contain_text("bị mờ")
    expect(previews.nth(1).locator(".blurry-photo")).to_contain_text("chụp lại")
    expect(previews.nth(0).locator(".blurry-photo")).to_have_count(0)
    screenshot(page, "portal-blurred-photo")


def test_the_case_page_shows_the_fields_read_beside_the_claim(page, api, minted):
    paper = certificate(random.Random(SEED))
    body = Complaints(81).json()
    # The claim names the person on the paper, but a birth date a year off.
    born = paper.date_of_birth.replace(year=paper.date_of_birth.year - 1)
    body["citizen"] |= {"full_name": paper.full_name, "date_of_birth": str(born)}
    code = api.post("/complaints", json=body).json()["tracking_code"]
    uploaded = api.post(
        f"/complaints/{code}/evidence",
        data={"phone": body["citizen"]["phone"]},
        files={"file": ("giay.jpg", paper.jpeg(), "image/jpeg")},
    )
    assert uploaded.status_code == 201, uploaded.text
    province = minted("PROVINCE_OFFICER", "75")

    def case_read():
        cases = api.get("/cases", headers=province).json()["cases"]
        case_id = next((c["case_id"] for c in cases if c["tracking_code"] == code), None)
        if case_id is None:
            return None
        checks = api.get(f"/cases/{case_id}", headers=province).json()["evidence"][0]["checks"]
        return case_id if checks["status"] == "DONE" else None

    case_id = wait_for(case_read, timeout=180)
    session = {"token": province["authorization"].split()[1], "role": "PROVINCE_OFFICER",
               "unit": "75", "username": "tinh.canbo"}  # fmt: skip
    page.add_init_script(
        "".join(
            f"sessionStorage.setItem({json.dumps(k)}, {json.dumps(v)});" for k, v in session.items()
        )
    )
    page.goto(f"/console/cases/{case_id}")
    checks = page.locator("#evidence .checks")
    expect(checks).to_contain_text("Giấy chứng nhận tiêm chủng")
    rows = checks.locator("table.checks-fields tbody tr")
    expect(rows.nth(0)).to_contain_text(paper.full_name)
    expect(rows.nth(0)).to_contain_text("Khớp")
    expect(rows.nth(1)).to_contain_text(str(paper.date_of_birth))
    expect(rows.nth(1)).to_contain_text(str(born))
    expect(rows.nth(1)).to_contain_text("Khác")
    expect(page.locator("#evidence figure img")).to_be_visible()
    screenshot(page, "case-evidence-checks")
    # The difference suggests a reason; picking it fills the rejection form, nothing more.
    checks.locator("button.suggest-reason[data-reason=DOB_MISMATCH]").click()
    expect(page.locator("#reason")).to_have_value("DOB_MISMATCH")
    expect(page.locator("#advice")).to_be_visible()
    assert api.get(f"/cases/{case_id}", headers=province).json()["status"] != "REJECTED"
