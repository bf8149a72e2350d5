"""The case page shows the chosen candidate record's own history: a re-import that changed the
record, in the officer's language, with its CSV download."""

import pytest
from playwright.sync_api import expect

from phananh_common.stack import Stack
from tests.browser.conftest import case_of, screenshot, sign_in
from tests.e2e.conftest import stack_env
from tests.factories import Complaints
from tests.integration.registry import PERSON, dose, extract


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env())
    stack.start(timeout=180)
    yield stack
    stack.stop()


def test_the_chosen_records_history_is_shown_beside_the_case(page, api, minted):
    admin = {"content-type": "text/csv", **minted("PROVINCE_ADMIN", "75")}
    first = extract(("H1", {}, [dose(1, "2021-08-01")]))
    assert api.post("/registry:import", content=first, headers=admin).status_code == 200
    again = extract(("H1", {}, [dose(1, "2021-08-02")]))
    refreshed = api.post("/registry:import", content=again, headers=admin)
    assert refreshed.json()["updated"] == 1, refreshed.text
    claimant = {
        key: PERSON[key] for key in ("full_name", "date_of_birth", "gender", "phone", "national_id")
    } | {"address": {"province_code": "75", "district_code": "731", "commune_code": "25993"}}
    code = api.post("/complaints", json=Complaints(52).json(citizen=claimant)).json()[
        "tracking_code"
    ]
    district = minted("DISTRICT_OFFICER", "731")

    found = case_of(api, district, code)
    sign_in(page, district, "DISTRICT_OFFICER", "731", "bienhoa.canbo")
    page.goto(f"/console/cases/{found}")

    history = page.locator("#record-history")
    expect(history).to_contain_text("Lịch sử thay đổi của hồ sơ đang chọn")
    row = history.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nhập lại dữ liệu")
    expect(row).to_contain_text("mũi tiêm")
    with page.expect_download() as download:
        history.get_by_role("button", name="Tải về (CSV)").click()
    assert download.value.suggested_filename == "registry-history.csv"
    screenshot(page, "case-record-history")
    page.locator("#lang").click()
    expect(row).to_contain_text("A re-import")
