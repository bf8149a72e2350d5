"""Domain values ↔ resolution's protobuf messages, shared by the servicer and the events."""

from google.type.date_pb2 import Date

from phananh.resolution.v1 import resolution_pb2
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_date, from_datetime
from resolution.cases.store import HistoryEntry
from resolution.registry.domain import Dose, Person, Record
from resolution.registry.matching import Candidate
from resolution.registry.scope import glimpse


def dose_message(dose: Dose, message_class=resolution_pb2.RecordedDose):
    """The dose as the API's RecordedDose, or the events' (the same fields)."""
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


def citizen_message(record: Record) -> resolution_pb2.RegistryCitizen:
    person = person_message(record.person)
    certificate = record.certificate
    return resolution_pb2.RegistryCitizen(
        citizen_id=str(record.citizen_id),
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        gender=person.gender,
        phone=person.phone,
        national_id=person.national_id,
        address=person.address,
        doses=[dose_message(d) for d in record.doses],
        certificate=resolution_pb2.Certificate(
            level=enum_value(types_pb2.CertificateLevel, certificate.level),
            certificate_id=str(certificate.certificate_id),
            version=certificate.version,
        )
        if certificate
        else None,
        merged_into=str(record.merged_into) if record.merged_into else "",
    )


def candidate_message(candidate: Candidate) -> resolution_pb2.Candidate:
    """The candidate as its reader may see it: in full inside the reader's unit, else masked
    (registry.scope.Glimpse; the birth date a year alone)."""
    record = candidate.record
    if candidate.inside:
        citizen = citizen_message(record)
    else:
        seen = glimpse(record)
        citizen = resolution_pb2.RegistryCitizen(
            citizen_id=seen.citizen_id,
            full_name=seen.initials,
            date_of_birth=Date(year=seen.birth_year),
            address=types_pb2.Address(
                province_code=seen.province_code, district_code=seen.district_code
            ),
        )
    return resolution_pb2.Candidate(
        citizen=citizen,
        matched_on=[enum_value(resolution_pb2.MatchReason, m) for m in candidate.matched_on],
        masked=not candidate.inside,
        district_code=record.person.district_code,
    )


def history_message(entry: HistoryEntry) -> resolution_pb2.HistoryEntry:
    return resolution_pb2.HistoryEntry(
        at=from_datetime(entry.at), actor=entry.actor, action=entry.action, note=entry.note
    )
