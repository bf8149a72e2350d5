"""Which registry records may be the person of a complaint, and which records look like one
person split in two. No I/O."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from resolution.registry.domain.records import Record, name_key

NATIONAL_ID, PHONE, NAME_DOB = "NATIONAL_ID", "PHONE", "NAME_DOB"


@dataclass(frozen=True)
class Claimant:
    """Who the complaint says the citizen is."""

    full_name: str
    date_of_birth: date | None
    phone: str
    national_id: str


@dataclass(frozen=True)
class Candidate:
    record: Record
    matched_on: tuple[str, ...]
    # Inside the reader's unit (scope): otherwise shown masked, never corrected.
    inside: bool = True


@dataclass(frozen=True)
class MergeProposal:
    keep: Record
    duplicate: Record


def matched_on(claimant: Claimant, record: Record) -> tuple[str, ...]:
    """What the record shares with the claimant: identity number, phone, or the same name
    (without case and diacritics) and birth date."""
    person = record.person
    found = []
    if claimant.national_id and claimant.national_id == person.national_id:
        found.append(NATIONAL_ID)
    if claimant.phone and claimant.phone == person.phone:
        found.append(PHONE)
    if claimant.date_of_birth == person.date_of_birth and name_key(claimant.full_name) == name_key(
        person.full_name
    ):
        found.append(NAME_DOB)
    return tuple(found)


def candidates(
    claimant: Claimant,
    records: Sequence[Record],
    inside: Callable[[Record], bool] = lambda record: True,
) -> list[Candidate]:
    """The records that match, strongest first (identity number, then more reasons), each
    marked `inside` the reader's unit or not."""
    found = [
        Candidate(r, m, inside(r))
        for r in records
        if not r.merged_into
        if (m := matched_on(claimant, r))
    ]
    return sorted(found, key=lambda c: (NATIONAL_ID not in c.matched_on, -len(c.matched_on)))


def _same_person(a: Record, b: Record) -> bool:
    if a.person.national_id and b.person.national_id:
        return a.person.national_id == b.person.national_id
    return a.person.date_of_birth == b.person.date_of_birth and name_key(
        a.person.full_name
    ) == name_key(b.person.full_name)


def merge_proposals(found: Sequence[Candidate]) -> list[MergeProposal]:
    """Pairs of records that look like one person, each holding part of the doses (no dose
    number on both): the record with more doses is kept, the other merged into it. Only
    records inside the reader's unit: it may not correct the others."""
    proposals = []
    mergeable = [c for c in found if c.inside]
    for i, first in enumerate(mergeable):
        for second in mergeable[i + 1 :]:
            a, b = first.record, second.record
            numbers_a = {d.dose_number for d in a.doses}
            numbers_b = {d.dose_number for d in b.doses}
            if numbers_a and numbers_b and not numbers_a & numbers_b and _same_person(a, b):
                keep, duplicate = (a, b) if len(numbers_a) >= len(numbers_b) else (b, a)
                proposals.append(MergeProposal(keep, duplicate))
    return proposals
