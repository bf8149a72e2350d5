"""A corrected registry record as the electronic health book takes it: one HL7 FHIR
`Immunization` resource per dose, built and validated with `fhir.resources` (its R4B models;
Immunization is the same in R4 and R4B). No I/O.

The dose's registry id is the resource's identifier, so the push can be a conditional create
(If-None-Exist) that the health book answers once, whatever the retries."""

from dataclasses import dataclass
from datetime import date, datetime

from fhir.resources.R4B.immunization import Immunization
from pydantic import ValidationError

CITIZEN_SYSTEM = "urn:phananh:citizen-id"
VACCINE_SYSTEM = "urn:phananh:vaccine"
FACILITY_SYSTEM = "urn:phananh:facility"


@dataclass(frozen=True)
class Dose:
    dose_id: str
    dose_number: int
    vaccinated_on: date | None
    vaccine_code: str
    lot_number: str
    facility_code: str


class InvalidImmunization(ValueError):
    """A dose the health book would refuse; the message names the field, never the person."""


def immunization(dose: Dose, citizen_id: str, recorded_at: datetime, dose_system: str) -> dict:
    """The validated resource, as the JSON the health book receives."""
    resource = {
        "resourceType": "Immunization",
        "identifier": [{"system": dose_system, "value": dose.dose_id}],
        "status": "completed",
        "vaccineCode": {
            "coding": [{"system": VACCINE_SYSTEM, "code": dose.vaccine_code}],
            "text": dose.vaccine_code,
        },
        "patient": {"identifier": {"system": CITIZEN_SYSTEM, "value": citizen_id}},
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
    try:
        return Immunization.model_validate(resource).model_dump(mode="json", exclude_none=True)
    except ValidationError as error:
        fields = sorted({".".join(map(str, e["loc"])) for e in error.errors()})
        raise InvalidImmunization(f"invalid Immunization fields: {', '.join(fields)}") from None
