"""Each registry change an officer makes reaches the health book (a FHIR server the test runs)
as one transaction Bundle, through resolution's outbox and notification: a dose corrected, the
person corrected, a merge, and a correction flagged by the facility then reverted, each written
in order, every request a valid FHIR R4 Bundle."""

import json
import uuid

import pytest
from fhir.resources.R4B.bundle import Bundle

from phananh.resolution.v1 import resolution_pb2 as pb
from tests.fhir_server import HealthBook
from tests.harness import bearer, eventually
from tests.integration.desk import open_desk
from tests.integration.registry import PERSON

DOSES = "Immunization?identifier=urn:phananh:dose-id|"
PATIENT = f"Patient?identifier=urn:phananh:national-id|{PERSON['national_id']}"


@pytest.fixture
async def book():
    server = HealthBook()
    yield server
    server.stop()


@pytest.fixture
async def desk(database_urls, book):
    """The officer's desk (tests.integration.desk) with notification pushing to `book`."""
    async with open_desk(database_urls, fhir_base_url=book.url) as opened:
        await opened.system.start("notification")
        try:
            yield opened
        finally:
            await opened.system.stop()


async def approve(desk, citizen: str, *corrections: pb.Correction) -> None:
    case_id, _ = await desk.open()
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id, citizen_id=desk.ids[citizen], corrections=corrections
        ),
        metadata=desk.officer,
    )


async def bundles(book, count: int) -> list[Bundle]:
    """The first `count` Bundles the health book took, once it took them, each validated."""
    await eventually(lambda: _at_least(book, count), timeout=30)
    return [Bundle.model_validate(r) for r in book.requests[:count]]


async def _at_least(book, count: int) -> bool:
    return len(book.requests) >= count


def writes(bundle: Bundle) -> list[tuple[str, str]]:
    return [(e.request.method, e.request.url) for e in bundle.entry]


def update_dose(dose_id: str, **changes) -> pb.Correction:
    return pb.Correction(update_dose=pb.UpdateDose(dose_id=dose_id, **changes))


async def test_a_corrected_dose_is_written_over_the_one_the_health_book_holds(desk, book):
    dose = (await desk.record("R1")).doses[0]
    await approve(desk, "R1", update_dose(dose.dose_id, lot_number="B77"))
    (bundle,) = await bundles(book, 1)
    assert bundle.type == "transaction"
    assert writes(bundle) == [("PUT", PATIENT), ("PUT", DOSES + dose.dose_id)]
    patient, immunization = (e.resource for e in bundle.entry)
    assert patient.identifier[-1].value == PERSON["national_id"]
    assert (patient.name[0].text, str(patient.birthDate), patient.gender) == (
        PERSON["full_name"],
        PERSON["date_of_birth"],
        "female",
    )
    assert (immunization.status, immunization.lotNumber) == ("completed", "B77")
    assert immunization.patient.reference == bundle.entry[0].fullUrl
    assert book.stored[DOSES + dose.dose_id]["patient"]["reference"] == "Patient/1"


async def test_a_corrected_person_is_written_with_each_of_the_records_doses(desk, book):
    dose = (await desk.record("R1")).doses[0]
    await approve(
        desk, "R1", pb.Correction(update_person=pb.UpdatePerson(full_name="Nguyễn Thị Hồng Nhung"))
    )
    (bundle,) = await bundles(book, 1)
    assert writes(bundle) == [("PUT", PATIENT), ("PUT", DOSES + dose.dose_id)]
    assert book.stored[PATIENT]["name"] == [{"text": "Nguyễn Thị Hồng Nhung"}]


async def test_a_merge_moves_the_duplicates_doses_onto_the_surviving_patient(desk, book):
    kept, duplicate = await desk.record("R1"), await desk.record("R2")
    await approve(
        desk,
        "R1",
        pb.Correction(merge_record=pb.MergeRecord(duplicate_citizen_id=desk.ids["R2"])),
    )
    (bundle,) = await bundles(book, 1)
    moved = duplicate.doses[0].dose_id
    # R2 has no identity number: its own patient, now inactive and replaced by R1's.
    retired = f"Patient?identifier=urn:phananh:citizen-id|{duplicate.citizen_id}"
    assert writes(bundle) == [("PUT", PATIENT), ("PUT", retired), ("PUT", DOSES + moved)]
    assert book.stored[retired]["active"] is False
    assert book.stored[retired]["link"] == [
        {"other": {"reference": "Patient/1"}, "type": "replaced-by"}
    ]
    assert book.stored[DOSES + moved]["patient"]["reference"] == "Patient/1"
    assert book.stored[DOSES + moved]["status"] == "completed"
    assert kept.doses[0].dose_id not in json.dumps(book.requests[0])  # untouched by the merge


async def test_a_flagged_correction_reverted_is_written_back_in_order(desk, book):
    dose = (await desk.record("R1")).doses[0]
    case_id, _ = await desk.open()
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[update_dose(dose.dose_id, lot_number="B77", facility_code="F731001")],
        ),
        metadata=desk.officer,
    )
    facility = bearer(desk.system.token("FACILITY_OFFICER", "F731001", username="coso"))
    (recheck,) = (await desk.api.ListRechecks(pb.ListRechecksRequest(), metadata=facility)).rechecks
    await desk.api.RecordRecheck(
        pb.RecordRecheckRequest(
            recheck_id=recheck.recheck_id,
            result=pb.RECHECK_STATUS_FLAGGED,
            note="Số lô không khớp sổ tiêm",
        ),
        metadata=facility,
    )
    status = "SELECT status FROM cases WHERE case_id = :c"
    assert await desk.sql(status, c=uuid.UUID(case_id)) == "IN_REVIEW"
    # The team reverts the correction: the lot as it was.
    await desk.api.ApproveCase(
        pb.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=desk.ids["R1"],
            corrections=[update_dose(dose.dose_id, lot_number=dose.lot_number)],
        ),
        metadata=desk.officer,
    )
    first, second = await bundles(book, 2)
    lots = [b.entry[1].resource.lotNumber for b in (first, second)]
    assert lots == ["B77", dose.lot_number]
    assert book.stored[DOSES + dose.dose_id]["lotNumber"] == dose.lot_number
