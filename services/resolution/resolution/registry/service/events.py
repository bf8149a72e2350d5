"""The corrected record as resolution's events carry it (RegistryRecordCorrected, for the
electronic health book), and its person and doses as protobuf messages, which the API's
record shares."""

import uuid
from datetime import datetime

from phananh.events.v1.resolution_events_pb2 import RecordedDose, RegistryRecordCorrected
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_date, from_datetime
from resolution.registry.domain.records import Dose, Person, Record


def record_corrected(
    record: Record, case_id: uuid.UUID, tracking_code: str, at: datetime
) -> RegistryRecordCorrected:
    """The whole record as it now stands, corrected through the case."""
    certificate = record.certificate
    return RegistryRecordCorrected(
        citizen_id=str(record.citizen_id),
        case_id=str(case_id),
        tracking_code=tracking_code,
        citizen=person_message(record.person),
        doses=[dose_message(d, RecordedDose) for d in record.doses],
        certificate_level=enum_value(types_pb2.CertificateLevel, certificate.level),
        certificate_id=str(certificate.certificate_id),
        certificate_version=certificate.version,
        corrected_at=from_datetime(at),
    )


def dose_message(dose: Dose, message_class):
    """The dose as the events' RecordedDose, or the API's (the same fields)."""
    return message_class(
        dose_id=str(dose.dose_id),
        dose_number=dose.dose_number,
        vaccinated_on=from_date(dose.vaccinated_on),
        vaccine_code=dose.vaccine_code,
        lot_number=dose.lot_number,
        facility_code=dose.facility_code,
    )


def person_message(person: Person) -> types_pb2.Citizen:
    return types_pb2.Citizen(
        full_name=person.full_name,
        date_of_birth=from_date(person.date_of_birth),
        gender=enum_value(types_pb2.Gender, person.gender),
        phone=person.phone,
        national_id=person.national_id,
        address=types_pb2.Address(
            province_code=person.province_code,
            district_code=person.district_code,
            commune_code=person.commune_code,
        ),
    )
