"""Corrections an approval makes to the registry: checked field by field, then applied to
the record in memory, all or none. No I/O: the use case loads and saves the records."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from phananh_common.errors import Violations
from resolution.registry.domain.records import Dose, Person, Record
from resolution.registry.domain.rules import RecordRules

MAX_CORRECTIONS = 20
MAX_NOTE_LENGTH = 2000


@dataclass(frozen=True)
class AddDose:
    dose_number: int
    vaccinated_on: date | None
    vaccine_code: str
    lot_number: str = ""
    facility_code: str = ""


@dataclass(frozen=True)
class UpdateDose:
    dose_id: str
    # Only the fields to change: dose_number, vaccinated_on, vaccine_code, lot_number,
    # facility_code.
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class UpdatePerson:
    # Only the fields to change (those of registry.domain.records.Person).
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MergeRecord:
    duplicate_citizen_id: str


@dataclass(frozen=True)
class CreateRecord:
    pass


Correction = AddDose | UpdateDose | UpdatePerson | MergeRecord | CreateRecord


@dataclass(frozen=True)
class DoseChange:
    """A dose an approval added (before None) or changed."""

    op: str  # ADD_DOSE or UPDATE_DOSE
    before: Dose | None
    after: Dose


@dataclass(frozen=True)
class Applied:
    record: Record
    # Duplicates merged into the record, as they now stand (no doses, merged_into set).
    merged: tuple[Record, ...]
    # Doses added or changed, one change per dose: each facility that gave one re-checks it.
    changes: tuple[DoseChange, ...]


class CorrectionRules:
    """The checks of corrections: the registry's rules for the values, and what an approval
    must hold together."""

    def __init__(self, rules: RecordRules):
        self._rules = rules

    def check(self, citizen_id: str, corrections: Sequence[Correction]) -> list[Correction]:
        """The corrections with normalised values, or InvalidArgument naming each bad field
        (`corrections[i].field`)."""
        errors = Violations()
        creates = [c for c in corrections if isinstance(c, CreateRecord)]
        if not corrections:
            errors.add("corrections", "give at least one correction")
        if len(corrections) > MAX_CORRECTIONS:
            errors.add("corrections", f"at most {MAX_CORRECTIONS}")
        if len(creates) > 1:
            errors.add("corrections", "create the record once")
        if creates and citizen_id:
            errors.add("citizen_id", "must be empty when the record is created")
        if not creates and not citizen_id:
            errors.add("citizen_id", "is required (or create the record with CREATE_RECORD)")
        checked = []
        for i, correction in enumerate(corrections):
            at = f"corrections[{i}]"
            if isinstance(correction, AddDose):
                self._rules.dose(vars(correction), errors, f"{at}.")
            elif isinstance(correction, UpdateDose):
                if not correction.changes:
                    errors.add(at, "change at least one field of the dose")
                self._rules.dose(correction.changes, errors, f"{at}.")
            elif isinstance(correction, UpdatePerson):
                if not correction.changes:
                    errors.add(at, "change at least one field of the person")
                changes = self._rules.person(correction.changes, errors, f"{at}.", f"{at}.address.")
                correction = UpdatePerson(changes)
            elif isinstance(correction, MergeRecord) and correction.duplicate_citizen_id in (
                "",
                citizen_id,
            ):
                errors.add(f"{at}.duplicate_citizen_id", "must be another record")
            checked.append(correction)
        errors.raise_if_any()
        return checked

    def person_of_complaint(self, person: Person) -> Person:
        """The person of a complaint, as a new record holds it."""
        errors = Violations()
        at = "complaint.citizen."
        values = self._rules.person(vars(person), errors, at, f"{at}address.")
        errors.raise_if_any()
        return Person(**values)


def apply(
    record: Record,
    corrections: Sequence[Correction],
    duplicates: dict[str, Record],
    new_dose_id: Callable[[], uuid.UUID],
) -> Applied:
    """The record with the corrections made, or InvalidArgument naming what does not fit the
    record (a dose given twice, a dose of another record, a duplicate already merged)."""
    errors = Violations()
    person, doses = record.person, {d.dose_id: d for d in record.doses}
    merged, changes = [], {}

    def number_taken(number: int, dose_id=None) -> bool:
        return any(d.dose_number == number and d.dose_id != dose_id for d in doses.values())

    for i, correction in enumerate(corrections):
        at = f"corrections[{i}]"
        if isinstance(correction, AddDose):
            if number_taken(correction.dose_number):
                errors.add(f"{at}.dose_number", "is recorded already; correct it with UPDATE_DOSE")
                continue
            dose = Dose(new_dose_id(), **vars(correction))
            doses[dose.dose_id] = dose
            changes[dose.dose_id] = DoseChange("ADD_DOSE", None, dose)
        elif isinstance(correction, UpdateDose):
            key = _uuid(correction.dose_id)
            if key not in doses:
                errors.add(f"{at}.dose_id", "is not a dose of this record")
                continue
            dose = replace(doses[key], **correction.changes)
            if number_taken(dose.dose_number, key):
                errors.add(f"{at}.dose_number", "is recorded already for another dose")
                continue
            # A dose changed twice (or added, then changed) is one change from what it was.
            first = changes.get(key, DoseChange("UPDATE_DOSE", doses[key], dose))
            doses[key] = dose
            changes[key] = replace(first, after=dose)
        elif isinstance(correction, UpdatePerson):
            person = replace(person, **correction.changes)
        elif isinstance(correction, MergeRecord):
            duplicate = duplicates.get(correction.duplicate_citizen_id)
            if duplicate is None or duplicate.merged_into:
                errors.add(f"{at}.duplicate_citizen_id", "is not a record that may be merged")
                continue
            clash = {d.dose_number for d in duplicate.doses} & {
                d.dose_number for d in doses.values()
            }
            if clash:
                errors.add(
                    f"{at}.duplicate_citizen_id",
                    f"both records hold dose {min(clash)}; correct one first",
                )
                continue
            doses.update({d.dose_id: d for d in duplicate.doses})
            merged.append(replace(duplicate, doses=(), merged_into=record.citizen_id))
    errors.raise_if_any()
    after = replace(
        record,
        person=person,
        doses=tuple(sorted(doses.values(), key=lambda d: (d.vaccinated_on, d.dose_number))),
    )
    return Applied(after, tuple(merged), tuple(changes.values()))


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def check_note(note: str, errors: Violations, field_name: str = "note") -> None:
    if len(note) > MAX_NOTE_LENGTH:
        errors.add(field_name, f"must be at most {MAX_NOTE_LENGTH} characters")
