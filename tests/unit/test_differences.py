"""The claim beside a candidate record: what differs, and never a field of a record outside
the reader's unit."""

import uuid
from datetime import date

from resolution.cases.domain.corrections import AddDose, UpdatePerson
from resolution.cases.domain.differences import Claim, differences
from resolution.registry.domain.matching import Candidate
from resolution.registry.domain.records import Dose, Person, Record

PERSON = Person("Nguyễn Thị Hồng", date(1985, 4, 12), "FEMALE", "+84912345678", "075185000123",
                "75", "731", "25993")  # fmt: skip
CLAIM = Claim(
    PERSON,
    (AddDose(1, date(2021, 8, 1), "AZ"), AddDose(2, date(2021, 9, 15), "AZ", "L2", "F731001")),
)


def record(person: Person, *doses: Dose) -> Record:
    return Record(uuid.uuid4(), person, doses)


def test_the_name_compares_without_case_and_diacritics_and_an_empty_claim_is_no_difference():
    same = record(
        Person(
            "NGUYEN  THI HONG", PERSON.date_of_birth, "FEMALE", PERSON.phone, "", "75", "731", ""
        ),
        Dose(uuid.uuid4(), 1, date(2021, 8, 1), "AZ", "L1", "F731001"),
    )
    (found,) = differences(CLAIM, [Candidate(same, ("NAME_DOB",))], [])
    # The claim names no lot or facility for dose 1: the recorded ones stand.
    assert (found.missing_doses, found.doses) == ((2,), ())
    assert [(p.field, p.claimed, p.recorded) for p in found.person] == [
        ("national_id", "075185000123", "")
    ]
    assert found.corrections == (CLAIM.doses[1], UpdatePerson({"national_id": "075185000123"}))


def test_a_record_outside_the_readers_unit_shows_its_id_alone():
    other = record(PERSON)
    (found,) = differences(CLAIM, [Candidate(other, ("NATIONAL_ID",), inside=False)], [])
    assert found.citizen_id == other.citizen_id
    assert (found.missing_doses, found.doses, found.person, found.corrections) == ((), (), (), ())
