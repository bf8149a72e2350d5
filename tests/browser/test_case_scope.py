"""The case page of an officer whose case names a registry record outside its unit: the record
masked, with why, nothing to approve or merge it with, and a button that hands the case to the
record's district."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import case_of, screenshot, sign_in, stack_fixtures
from tests.factories import Complaints
from tests.integration.registry import PERSON, dose, extract

# Lives in Long Khánh (732); the complaint names its identity number from Biên Hòa (731).
VICTIM = {"full_name": "Phạm Văn Nạn", "phone": "0987654321", "district_code": "732",
          "commune_code": "26077"}  # fmt: skip
CLAIMANT = {
    "full_name": "Lê Văn Giả",
    "date_of_birth": "1979-05-06",
    "gender": "MALE",
    "phone": "0911222333",
    "national_id": PERSON["national_id"],
    "address": {"province_code": "75", "district_code": "731", "commune_code": "25993"},
}


stack, api, minted = stack_fixtures("module", one_time_codes=False)


def test_a_record_outside_the_unit_is_masked_and_the_case_goes_to_its_district(page, api, minted):
    admin = minted("PROVINCE_ADMIN", "75")
    extract_csv = extract(("V", VICTIM, [dose(1, "2021-08-01", facility="F732001")]))
    imported = api.post(
        "/registry:import", content=extract_csv, headers={"content-type": "text/csv", **admin}
    )
    assert imported.status_code == 200, imported.text
    filed = api.post("/complaints", json=Complaints(51).json(citizen=CLAIMANT))
    code = filed.json()["tracking_code"]
    district = minted("DISTRICT_OFFICER", "731")

    found = case_of(api, district, code)
    sign_in(page, district, "DISTRICT_OFFICER", "731", "bienhoa.canbo")
    page.goto(f"/console/cases/{found}")

    masked = page.locator("#candidates article.masked")
    expect(masked).to_contain_text("P. V. N.")
    expect(masked).to_contain_text("ngoài đơn vị của bạn")
    expect(masked.locator("dl")).to_contain_text("1985")
    expect(page.locator("#candidates input[type=radio]")).to_have_count(0)
    expect(page.locator("#corrections fieldset[data-op=CREATE_RECORD]")).to_have_count(1)
    for secret in (VICTIM["full_name"], "+84987654321", "12/4/1985", "F732001"):
        assert secret not in page.content()
    screenshot(page, "case-masked")

    masked.get_by_role("button", name=re.compile("^Chuyển phản ánh cho")).click()
    expect(page.locator("#decided")).to_contain_text("Đã chuyển phản ánh cho")
    expect(page.locator("#decide")).to_be_hidden()
    reassigned = api.get(f"/cases/{found}", headers=minted("DISTRICT_OFFICER", "732"))
    assert reassigned.json()["unit_code"] == "732"
