"""Corrections an approval makes to the registry: checked field by field, then applied to
the record in memory, all or none. No I/O: the use case loads and saves the records."""

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from phananh_common.errors import Violations
from phananh_common.people import normalise_phone
from phananh_common.units import COMMUNE, DISTRICT, Units
from phananh_common.vaccines import VACCINES
from resolution.registry.domain import GENDERS, Dose, Person, Record
from resolution.registry.extract import CAMPAIGN_START, MAX_NAME_LENGTH, OLDEST_BIRTH_DATE

MAX_CORRECTIONS = 20
MAX_NOTE_LENGTH = 2000
_NATIONAL_ID = re.compile(r"[0-9]{12}|[0-9]{9}")
_CODE = re.compile(r"[A-Za-z0-9._-]{1,20}")
_LOT = re.compile(r"[A-Za-z0-9./-]{0,40}")


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
    # Only the fields to change (those of registry.domain.Person).
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MergeRecord:
    duplicate_citizen_id: str


@dataclass(frozen=True)
class CreateRecord:
    pass


Correction = AddDose | UpdateDose | UpdatePerson | MergeRecord | CreateRecord


@dataclass(frozen=True)
class Applied:
    record: Record
    # Duplicates merged into the record, as they now stand (no doses, merged_into set).
    merged: tuple[Record, ...]
    # Doses added or changed: each facility that gave one re-checks the record.
    touched: tuple[Dose, ...]


class CorrectionRules:
    """The checks that need the province's units and today's date."""

    def __init__(self, province_code: str, units: Units, today: date):
        self._province = province_code
        self._units = units
        self._today = today

    def _dose_fields(self, values: dict, errors: Violations, at: str) -> None:
        if "dose_number" in values and values["dose_number"] not in (1, 2, 3, 4):
            errors.add(f"{at}.dose_number", "must be 1 to 4")
        if "vaccinated_on" in values:
            given = values["vaccinated_on"]
            if given is None or not CAMPAIGN_START <= given <= self._today:
                errors.add(f"{at}.vaccinated_on", "must be a date between 2021-03-08 and today")
        if "vaccine_code" in values and values["vaccine_code"] not in VACCINES:
            errors.add(f"{at}.vaccine_code", f"must be one of {', '.join(VACCINES)}")
        if "lot_number" in values and not _LOT.fullmatch(values["lot_number"]):
            errors.add(f"{at}.lot_number", "must be at most 40 letters, digits, '.', '/' or '-'")
        facility = values.get("facility_code", "")
        if facility and not _CODE.fullmatch(facility):
            errors.add(f"{at}.facility_code", "must be 1-20 letters, digits, '.', '_' or '-'")

    def _person_fields(self, values: dict, errors: Violations, at: str) -> dict:
        """The values, the phone in E.164."""
        values = dict(values)
        if "full_name" in values and not 0 < len(values["full_name"]) <= MAX_NAME_LENGTH:
            errors.add(f"{at}.full_name", f"is required, at most {MAX_NAME_LENGTH} characters")
        if "date_of_birth" in values:
            born = values["date_of_birth"]
            if born is None or not OLDEST_BIRTH_DATE <= born <= self._today:
                errors.add(f"{at}.date_of_birth", "must be a date between 1900-01-01 and today")
        if "gender" in values and values["gender"] not in GENDERS:
            errors.add(f"{at}.gender", f"must be one of {', '.join(GENDERS)}")
        if values.get("phone"):
            phone = normalise_phone(values["phone"])
            if phone is None:
                errors.add(f"{at}.phone", "must be empty or a Vietnamese mobile number")
            values["phone"] = phone or ""
        if values.get("national_id") and not _NATIONAL_ID.fullmatch(values["national_id"]):
            errors.add(f"{at}.national_id", "must be empty, 9 or 12 digits")
        if "district_code" in values:
            self._address(values, errors, f"{at}.address")
        return values

    def _address(self, values: dict, errors: Violations, at: str) -> None:
        district = self._units.get(values["district_code"])
        if (
            values["province_code"] != self._province
            or district is None
            or district.level != DISTRICT
            or district.parent_code != self._province
        ):
            errors.add(f"{at}.district_code", f"must be a district of province {self._province}")
        elif values["commune_code"]:
            commune = self._units.get(values["commune_code"])
            if commune is None or commune.level != COMMUNE or commune.parent_code != district.code:
                errors.add(f"{at}.commune_code", "must be empty or a commune of that district")

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
                self._dose_fields(vars(correction), errors, at)
            elif isinstance(correction, UpdateDose):
                if not correction.changes:
                    errors.add(at, "change at least one field of the dose")
                self._dose_fields(correction.changes, errors, at)
            elif isinstance(correction, UpdatePerson):
                if not correction.changes:
                    errors.add(at, "change at least one field of the person")
                correction = UpdatePerson(self._person_fields(correction.changes, errors, at))
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
        values = self._person_fields(vars(person), errors, "complaint.citizen")
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
    merged, touched = [], []

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
            touched.append(dose)
        elif isinstance(correction, UpdateDose):
            key = _uuid(correction.dose_id)
            if key not in doses:
                errors.add(f"{at}.dose_id", "is not a dose of this record")
                continue
            dose = replace(doses[key], **correction.changes)
            if number_taken(dose.dose_number, key):
                errors.add(f"{at}.dose_number", "is recorded already for another dose")
                continue
            doses[key] = dose
            touched.append(dose)
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
    return Applied(after, tuple(merged), tuple(touched))


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def check_note(note: str, errors: Violations, field_name: str = "note") -> None:
    if len(note) > MAX_NOTE_LENGTH:
        errors.add(field_name, f"must be at most {MAX_NOTE_LENGTH} characters")
