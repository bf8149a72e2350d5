"""What a registry change touched, as the history and the health book tell it: the doses a
correction, a merge or a removal affects, and a re-imported extract's record."""

import uuid
from dataclasses import replace
from datetime import date

from resolution.registry.domain.changes import affected_doses, refreshed
from resolution.registry.domain.extract import ExtractRow
from resolution.registry.domain.records import Dose, Person, Record

PERSON = Person("Lê Văn Tám", date(1990, 5, 17), "MALE", "+84912345678", "075090001234",
                "75", "731", "25993")  # fmt: skip
FIRST = Dose(uuid.uuid4(), 1, date(2021, 7, 1), "AZ", "L1", "F731001")
SECOND = Dose(uuid.uuid4(), 2, date(2021, 8, 15), "AZ", "L2", "F731001")
RECORD = Record(uuid.uuid4(), PERSON, (FIRST, SECOND))


def row(line: int, dose: Dose | None, **person) -> ExtractRow:
    values = vars(replace(PERSON, **person))
    return ExtractRow(
        line, "R1", values["full_name"], "", values["date_of_birth"], values["gender"],
        values["phone"], values["national_id"], values["province_code"],
        values["district_code"], values["commune_code"],
        dose.dose_number if dose else None, dose.vaccinated_on if dose else None,
        dose.vaccine_code if dose else "", dose.lot_number if dose else "",
        dose.facility_code if dose else "",
    )  # fmt: skip


def test_a_corrected_dose_alone_is_affected():
    corrected = replace(SECOND, lot_number="B77")
    after = replace(RECORD, doses=(FIRST, corrected))
    assert affected_doses(RECORD, after) == [(corrected, False)]


def test_a_corrected_person_affects_every_dose():
    after = replace(RECORD, person=replace(PERSON, full_name="Lê Văn Tâm"))
    assert affected_doses(RECORD, after) == [(FIRST, False), (SECOND, False)]


def test_a_dose_moved_by_a_merge_stands_and_one_removed_does_not():
    moved = Dose(uuid.uuid4(), 3, date(2022, 1, 10), "PFIZER")
    after = replace(RECORD, doses=(FIRST, moved))
    assert affected_doses(RECORD, after) == [(moved, False), (SECOND, True)]


def test_a_re_import_keeps_a_doses_id_by_its_number_and_drops_what_the_file_lacks():
    later = replace(SECOND, vaccinated_on=date(2021, 8, 16))
    after = refreshed(RECORD, [row(2, later)], uuid.uuid4)
    assert after.doses == (later,)
    assert after.person == PERSON


def test_a_re_import_that_holds_the_record_as_it_is_changes_nothing():
    assert refreshed(RECORD, [row(2, FIRST), row(3, SECOND)], uuid.uuid4) is None
    renamed = refreshed(RECORD, [row(2, FIRST, full_name="Lê Văn Tâm"), row(3, SECOND)], uuid.uuid4)
    assert renamed.person.full_name == "Lê Văn Tâm" and renamed.doses == RECORD.doses
    emptied = refreshed(RECORD, [row(2, None)], uuid.uuid4)
    assert emptied.doses == ()
