"""The records that may be a complaint's person, and the records that look like one person
split in two, each holding part of the doses."""

import uuid
from dataclasses import replace
from datetime import date

from resolution.registry.domain.matching import Claimant, candidates, matched_on, merge_proposals
from resolution.registry.domain.records import Dose, Person, Record

PERSON = Person(
    "Nguyễn Thị Hồng", date(1985, 4, 12), "FEMALE", "+84912345678", "075185000123", "75", "731", ""
)
CLAIMANT = Claimant("nguyen  thi HONG", date(1985, 4, 12), "+84912345678", "075185000123")


def record(numbers=(), **changes) -> Record:
    doses = tuple(Dose(uuid.uuid4(), n, date(2021, 6, n), "AZ") for n in numbers)
    return Record(uuid.uuid4(), replace(PERSON, **changes), doses)


def test_each_reason_is_named_and_the_name_compares_without_case_and_diacritics():
    assert matched_on(CLAIMANT, record()) == ("NATIONAL_ID", "PHONE", "NAME_DOB")
    assert matched_on(CLAIMANT, record(phone="", national_id="")) == ("NAME_DOB",)
    assert matched_on(CLAIMANT, record(date_of_birth=date(1985, 4, 13), phone="")) == (
        "NATIONAL_ID",
    )
    assert matched_on(CLAIMANT, record(full_name="Lê Văn Tám", national_id="1", phone="2")) == ()


def test_candidates_put_the_identity_number_first_and_leave_merged_records_out():
    by_phone = record(national_id="075199999999", full_name="Trần Văn Bình")
    by_id = record(phone="")
    merged = replace(record(), merged_into=uuid.uuid4())
    found = candidates(CLAIMANT, [by_phone, merged, by_id])
    assert [c.record for c in found] == [by_id, by_phone]


def test_a_person_split_over_two_records_is_proposed_for_a_merge():
    first = record((1, 2), phone="")
    second = record((3,), national_id="")
    overlapping = record((2, 3), national_id="", phone="")
    other = record((3,), national_id="075199999999", full_name="Trần Văn Bình")
    found = candidates(CLAIMANT, [first, second, overlapping, other])
    proposals = merge_proposals(found)
    assert [(p.keep, p.duplicate) for p in proposals] == [(first, second)]
