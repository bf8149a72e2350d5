"""The case page shows the differences the API found and ticks its corrections: a name written
without diacritics corrected with the personal data form; a record split in two merged,
whichever half the officer picks; then the facility reads the dose before and after and flags
the re-check, which reopens the case."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, wait_for
from tests.browser.journey.conftest import (
    FACILITY,
    FACILITY_NEW,
    journey,
    log_in,
    log_in_with_code,
    submit_by_api,
)

HEADER = (
    "record_id,full_name,date_of_birth,gender,phone,national_id,province_code,district_code,"
    "commune_code,dose_number,vaccinated_on,vaccine_code,lot_number,facility_code\n"
)
# R5: the name typed without diacritics. R6 and R7: one person in two records, each with
# one dose; R7 knows neither the identity number nor the phone, and holds dose 2 under
# another lot than the citizen's card.
REGISTRY = HEADER + (
    "R5,TRAN VAN MINH,1970-05-06,MALE,0925777888,075070000789,75,731,25993,,,,,\n"
    "R6,Phạm Thu Hà,1988-03-09,FEMALE,0914999000,075188000321,75,731,25993,1,2021-07-10,"
    "AZ,C0001,F731001\n"
    "R7,Phạm Thu Hà,1988-03-09,FEMALE,,,75,731,25993,2,2021-10-02,AZ,C0009,F731001\n"
)
SPLIT_DOSES = [
    {"dose_number": 1, "vaccinated_on": "2021-07-10", "vaccine_code": "AZ",
     "facility_code": "F731001"},
    {"dose_number": 2, "vaccinated_on": "2021-10-02", "vaccine_code": "AZ", "lot_number": "C0002",
     "facility_code": "F731001"},
]  # fmt: skip


@pytest.fixture(scope="module")
def records(api, minted) -> dict[str, str]:
    admin = {"content-type": "text/csv", **minted("PROVINCE_ADMIN", "75")}
    imported = api.post("/registry:import", content=REGISTRY.encode(), headers=admin)
    assert imported.is_success, imported.text
    return imported.json()["citizen_ids"]


def case_of(api, minted, tracking_code: str) -> str:
    """The case's id once the complaint's event has made it."""
    district = minted("DISTRICT_OFFICER", "731")

    def found():
        cases = api.get("/cases", params={"page_size": 500}, headers=district).json()["cases"]
        return next((c["case_id"] for c in cases if c["tracking_code"] == tracking_code), None)

    return wait_for(found)


def record(api, minted, citizen_id: str) -> dict:
    reply = api.get(f"/registry/citizens/{citizen_id}", headers=minted("DISTRICT_OFFICER", "731"))
    return reply.json()


def test_a_name_without_diacritics_is_corrected_with_the_personal_data_form(
    page, api, minted, stack, records
):
    code = submit_by_api(
        api,
        stack,
        phone="0925777888",
        national_id="075070000789",
        citizen={"full_name": "Trần Văn Minh", "date_of_birth": "1970-05-06"},
    )
    case_id = case_of(api, minted, code)
    log_in_with_code(page)
    page.goto(f"/console/cases/{case_id}")
    expect(page.locator("#code")).to_have_text(code)
    # The same name but for the diacritics: nothing differs, nothing proposed; the officer
    # writes the name as the identity card has it.
    expect(page.locator("#candidates input[type=radio]")).to_be_checked()
    expect(page.locator("#claim dd.differs")).to_have_count(0)
    person = page.locator("#corrections fieldset[data-op=UPDATE_PERSON]")
    expect(person.locator(".apply")).not_to_be_checked()
    # Folded until ticked: the officer ticks it to write in it.
    expect(person.get_by_label("Họ tên")).to_be_hidden()
    person.locator(".apply").check()
    person.get_by_label("Họ tên").fill("Trần Văn Minh")
    expect(person.locator(".apply")).to_be_checked()
    screenshot(page, "case-person")
    page.locator("#approve button[type=submit]:not([data-next])").click()
    expect(page.locator("#status")).to_have_text("Đã giải quyết")
    assert record(api, minted, records["R5"])["full_name"] == "Trần Văn Minh"


def test_a_split_record_is_merged_into_the_half_the_officer_picks(
    page, api, minted, stack, records
):
    code = submit_by_api(
        api,
        stack,
        phone="0914999000",
        national_id="075188000321",
        citizen={"full_name": "Phạm Thu Hà", "date_of_birth": "1988-03-09", "gender": "FEMALE"},
        category="SPLIT_RECORD",
        claimed_doses=SPLIT_DOSES,
        description="Hai mũi nằm ở hai hồ sơ.",
    )
    case_id = case_of(api, minted, code)
    journey["split_code"], journey["split_case"] = code, case_id
    log_in_with_code(page)
    page.goto(f"/console/cases/{case_id}")
    expect(page.locator("#code")).to_have_text(code)
    # The API proposes R6 (the identity number): R7 merged into it, ticked.
    merge = page.locator("#corrections fieldset[data-op=MERGE_RECORD]")
    expect(merge.locator(".apply")).to_be_checked()
    expect(merge).to_contain_text(records["R7"])
    # The officer picks R7 instead: R6 merged into it, ticked; R7's lot and the identity
    # number it lacks corrected from the claim.
    page.locator(f"#candidates input[value='{records['R7']}']").check()
    expect(merge).to_contain_text(records["R6"])
    expect(merge.locator(".apply")).to_be_checked()
    lot = page.locator("#corrections fieldset[data-op=UPDATE_DOSE] [data-key=lot_number]")
    expect(lot).to_have_value("C0002")
    expect(page.locator("#claimed td.differs")).to_have_text(["C0002"])
    screenshot(page, "case-split")
    page.locator("#approve button[type=submit]:not([data-next])").click()
    expect(page.locator("#status")).to_have_text("Đã giải quyết")
    merged = record(api, minted, records["R7"])
    assert [d["dose_number"] for d in merged["doses"]] == [1, 2]
    assert merged["national_id"] == "075188000321"
    assert record(api, minted, records["R6"])["merged_into"] == records["R7"]


def test_the_facility_reads_the_dose_before_and_after_and_flags_the_recheck(page, api, minted):
    log_in(page, FACILITY, FACILITY_NEW)
    pending = page.locator("#list form", has_text=journey["split_code"])
    expect(pending).to_contain_text("Phạm Thu Hà")
    changed = pending.locator("table.changes td.differs")
    expect(changed).to_have_text(["C0002"])
    expect(pending.locator("table.changes tr", has_text="Số lô")).to_contain_text("C0009")
    screenshot(page, "recheck-flag")
    pending.get_by_role("button", name="Báo sai").click()
    expect(pending.locator("textarea")).to_have_attribute("aria-invalid", "true")
    pending.locator("textarea").fill("Sổ tiêm của trạm ghi lô C0009")
    pending.get_by_role("button", name="Báo sai").click()
    page.select_option("#r-status", "FLAGGED")
    page.click("#filter button[type=submit]")
    expect(page.locator("#list form", has_text=journey["split_code"])).to_contain_text("Báo sai")
    case = api.get(
        f"/cases/{journey['split_case']}", headers=minted("DISTRICT_OFFICER", "731")
    ).json()
    assert case["status"] == "IN_REVIEW"
    assert case["history"][-1]["note"] == "Sổ tiêm của trạm ghi lô C0009"
