"""How a complaint's claim differs from each candidate record, and the corrections that would
make a record hold the claim. No I/O.

The name is compared as the registry matches it (without case and diacritics, extra spaces);
a field the citizen left empty is no difference. A record outside the reader's unit is never
compared: its fields must not show through."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from resolution.cases.domain.corrections import (
    AddDose,
    Correction,
    MergeRecord,
    UpdateDose,
    UpdatePerson,
)
from resolution.registry.domain.matching import NATIONAL_ID, Candidate, MergeProposal
from resolution.registry.domain.records import GENDERS, Dose, Person, Record, name_key

PERSON_FIELDS = ("full_name", "date_of_birth", "gender", "national_id", "phone")
DOSE_FIELDS = ("vaccinated_on", "vaccine_code", "lot_number", "facility_code")


@dataclass(frozen=True)
class Claim:
    """What the complaint says: the person and the doses (as corrections that add them)."""

    person: Person
    doses: tuple[AddDose, ...]


@dataclass(frozen=True)
class FieldDifference:
    field: str
    claimed: str
    recorded: str


@dataclass(frozen=True)
class DoseDifference:
    dose_number: int
    field: str
    claimed: str
    recorded: str


@dataclass(frozen=True)
class Differences:
    citizen_id: uuid.UUID
    missing_doses: tuple[int, ...] = ()
    doses: tuple[DoseDifference, ...] = ()
    person: tuple[FieldDifference, ...] = ()
    # Merges first (a dose moved in may then be updated), then the doses, then the person.
    corrections: tuple[Correction, ...] = ()


def _shown(value) -> str:
    return "" if value is None else str(value)


def _person_changes(claimed: Person, recorded: Person) -> dict:
    """The claimed values of the person's fields the record holds otherwise."""
    changes = {}
    for name in PERSON_FIELDS:
        value, held = getattr(claimed, name), getattr(recorded, name)
        if not value or (name == "gender" and value not in GENDERS):
            continue
        same = name_key(value) == name_key(held) if name == "full_name" else value == held
        if not same:
            changes[name] = value
    return changes


def _dose_changes(claimed: AddDose, recorded: Dose) -> dict:
    changes = {}
    for name in DOSE_FIELDS:
        value = getattr(claimed, name)
        if value and value != getattr(recorded, name):
            changes[name] = value
    return changes


def _partners(record: Record, proposals: Sequence[MergeProposal], claim: Claim) -> list[Record]:
    """The records to merge into this one: each proposed with it that holds a claimed dose,
    none two holding the same dose number."""
    claimed = {d.dose_number for d in claim.doses}
    held = {d.dose_number for d in record.doses}
    found = []
    for p in proposals:
        if record.citizen_id not in (p.keep.citizen_id, p.duplicate.citizen_id):
            continue
        other = p.duplicate if p.keep.citizen_id == record.citizen_id else p.keep
        numbers = {d.dose_number for d in other.doses}
        if numbers & claimed and not numbers & held:
            found.append(other)
            held |= numbers
    return found


def compare(claim: Claim, record: Record, proposals: Sequence[MergeProposal]) -> Differences:
    """The claim beside the record, with the corrections that would make the record (with
    the records merged into it) hold the claim."""
    own = {d.dose_number: d for d in record.doses}
    partners = _partners(record, proposals, claim)
    held = own | {d.dose_number: d for r in partners for d in r.doses}
    corrections: list[Correction] = [MergeRecord(str(r.citizen_id)) for r in partners]
    dose_differences = []
    for claimed in sorted(claim.doses, key=lambda d: d.dose_number):
        recorded = own.get(claimed.dose_number)
        if recorded is not None:
            dose_differences += [
                DoseDifference(
                    claimed.dose_number, name, _shown(value), _shown(getattr(recorded, name))
                )
                for name, value in _dose_changes(claimed, recorded).items()
            ]
        target = held.get(claimed.dose_number)
        if target is None:
            corrections.append(claimed)
        elif changes := _dose_changes(claimed, target):
            corrections.append(UpdateDose(str(target.dose_id), changes))
    person_changes = _person_changes(claim.person, record.person)
    if person_changes:
        corrections.append(UpdatePerson(person_changes))
    return Differences(
        record.citizen_id,
        missing_doses=tuple(sorted(n for n in {d.dose_number for d in claim.doses} - own.keys())),
        doses=tuple(dose_differences),
        person=tuple(
            FieldDifference(name, _shown(value), _shown(getattr(record.person, name)))
            for name, value in person_changes.items()
        ),
        corrections=tuple(corrections),
    )


def differences(
    claim: Claim, candidates: Sequence[Candidate], proposals: Sequence[MergeProposal]
) -> list[Differences]:
    """One per candidate, in their order; a record outside the reader's unit: its id alone."""
    return [
        compare(claim, c.record, proposals) if c.inside else Differences(c.record.citizen_id)
        for c in candidates
    ]


def proposed(candidates: Sequence[Candidate]) -> Candidate | None:
    """The record the team would most likely correct: the one candidate inside the reader's
    unit, or the first when it matched on the identity number; None when none stands out."""
    inside = [c for c in candidates if c.inside]
    if len(inside) == 1 or (inside and NATIONAL_ID in inside[0].matched_on):
        return inside[0]
    return None
