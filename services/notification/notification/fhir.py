"""A registry change as the electronic health book takes it: one HL7 FHIR R4 transaction
`Bundle`, built and validated with `fhir.resources` (its R4B models; Bundle, Patient and
Immunization are the same in R4 and R4B). No I/O.

Each entry is a conditional update (`PUT <type>?identifier=<system>|<value>`): the Patient on
the citizen's identity number (PHANANH_FHIR_PERSON_ID_SYSTEM; the registry's citizen id when
the record has none), each Immunization on the dose's registry id (PHANANH_FHIR_DOSE_SYSTEM).
The health book creates what it lacks and overwrites what it has, so a Bundle pushed twice
writes nothing twice. A dose that no longer stands is written `entered-in-error`; a record
merged into another is an inactive Patient replaced by the surviving one."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError

CITIZEN_SYSTEM = "urn:phananh:citizen-id"
VACCINE_SYSTEM = "urn:phananh:vaccine"
FACILITY_SYSTEM = "urn:phananh:facility"
# The entries' fullUrls: the same citizen is the same urn:uuid in every Bundle.
_ENTRY_NAMESPACE = uuid.UUID("5b0f3a52-93d4-4d9e-9a61-0c2f4be7b1a3")
_GENDERS = {"MALE": "male", "FEMALE": "female", "OTHER": "other"}


@dataclass(frozen=True)
class Dose:
    dose_id: str
    dose_number: int
    vaccinated_on: date | None
    vaccine_code: str
    lot_number: str
    facility_code: str
    # The dose no longer stands (removed by a correction or an import).
    removed: bool = False


@dataclass(frozen=True)
class Person:
    citizen_id: str
    full_name: str
    date_of_birth: date | None
    # MALE, FEMALE or OTHER.
    gender: str
    national_id: str


@dataclass(frozen=True)
class RecordChange:
    """The record as the change left it: its person, the doses the change touched, the
    records merged into it."""

    person: Person
    doses: tuple[Dose, ...]
    merged: tuple[Person, ...]
    changed_at: datetime


@dataclass(frozen=True)
class Systems:
    """The identifier systems of the health book's patients and immunizations."""

    person: str
    dose: str


class InvalidBundle(ValueError):
    """A change the health book would refuse: the event's field (`person`, `doses[i]`…) and
    the resource's fields at fault, never the person."""

    def __init__(self, field: str, description: str):
        super().__init__(f"{field}: {description}")
        self.field = field
        self.description = description


def change_bundle(change: RecordChange, systems: Systems) -> dict:
    """The validated transaction Bundle, as the JSON the health book receives."""
    patient = _patient_entry(change.person, systems, "person")
    entries = [patient]
    for i, person in enumerate(change.merged):
        entry = _patient_entry(person, systems, f"merged[{i}]", replaced_by=patient["fullUrl"])
        # A record of the same identity number is the same patient there.
        if entry["request"]["url"] != patient["request"]["url"]:
            entries.append(entry)
    entries += [
        _immunization_entry(d, patient["fullUrl"], change.changed_at, systems, f"doses[{i}]")
        for i, d in enumerate(change.doses)
    ]
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    return _validated(Bundle, bundle, "bundle")


def _patient_entry(person: Person, systems: Systems, at: str, replaced_by: str = "") -> dict:
    identifiers = [{"system": CITIZEN_SYSTEM, "value": person.citizen_id}]
    if person.national_id:
        identifiers.append({"system": systems.person, "value": person.national_id})
    resource = {
        "resourceType": "Patient",
        "identifier": identifiers,
        "active": not replaced_by,
        "name": [{"text": person.full_name}],
        "gender": _GENDERS.get(person.gender),
        "birthDate": person.date_of_birth.isoformat() if person.date_of_birth else None,
    }
    if replaced_by:
        resource["link"] = [{"other": {"reference": replaced_by}, "type": "replaced-by"}]
    key = identifiers[-1]
    return {
        "fullUrl": f"urn:uuid:{uuid.uuid5(_ENTRY_NAMESPACE, person.citizen_id)}",
        "resource": _validated(Patient, resource, at),
        "request": {"method": "PUT", "url": f"Patient?identifier={key['system']}|{key['value']}"},
    }


def _immunization_entry(
    dose: Dose, patient_url: str, recorded_at: datetime, systems: Systems, at: str
) -> dict:
    resource = {
        "resourceType": "Immunization",
        "identifier": [{"system": systems.dose, "value": dose.dose_id}],
        "status": "entered-in-error" if dose.removed else "completed",
        "vaccineCode": {
            "coding": [{"system": VACCINE_SYSTEM, "code": dose.vaccine_code}],
            "text": dose.vaccine_code,
        },
        "patient": {"reference": patient_url},
        "occurrenceDateTime": dose.vaccinated_on.isoformat() if dose.vaccinated_on else None,
        "recorded": recorded_at.isoformat(),
        "primarySource": False,  # transcribed from the registry, not by the vaccinator
        "protocolApplied": [{"doseNumberPositiveInt": dose.dose_number}],
    }
    if dose.lot_number:
        resource["lotNumber"] = dose.lot_number
    if dose.facility_code:
        resource["location"] = {
            "identifier": {"system": FACILITY_SYSTEM, "value": dose.facility_code}
        }
    return {
        "fullUrl": f"urn:uuid:{uuid.uuid5(_ENTRY_NAMESPACE, dose.dose_id)}",
        "resource": _validated(Immunization, resource, at),
        "request": {
            "method": "PUT",
            "url": f"Immunization?identifier={systems.dose}|{dose.dose_id}",
        },
    }


def _validated(model, resource: dict, at: str) -> dict:
    try:
        return model.model_validate(resource).model_dump(mode="json", exclude_none=True)
    except ValidationError as error:
        fields = sorted({".".join(map(str, e["loc"])) for e in error.errors()})
        raise InvalidBundle(at, f"invalid {model.__name__} fields: {', '.join(fields)}") from None
