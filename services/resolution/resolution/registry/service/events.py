"""A registry change as resolution's events carry it (RegistryRecordChanged, for the
electronic health book), and its person and doses as protobuf messages, which the API's
record shares."""

from datetime import datetime

from phananh.events.v1.resolution_events_pb2 import (
    MergedRecord,
    RecordedDose,
    RegistryRecordChanged,
)
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_date, from_datetime
from resolution.registry.domain.changes import Origin
from resolution.registry.domain.records import Dose, Person, Record


def record_changed(
    record: Record,
    sequence: int,
    origin: Origin,
    doses: list[tuple[Dose, bool]],
    merged: list[Record],
    at: datetime,
) -> RegistryRecordChanged:
    """The change as the health book takes it: the person as the record now holds it, each
    dose the change touched ((dose, removed)), the records merged into it."""
    certificate = record.certificate
    return RegistryRecordChanged(
        citizen_id=str(record.citizen_id),
        sequence=sequence,
        source=origin.source,
        case_id=str(origin.case_id) if origin.case_id else "",
        tracking_code=origin.tracking_code,
        citizen=person_message(record.person),
        doses=[dose_message(d, RecordedDose, removed=removed) for d, removed in doses],
        merged=[
            MergedRecord(citizen_id=str(m.citizen_id), citizen=person_message(m.person))
            for m in merged
        ],
        certificate_level=enum_value(types_pb2.CertificateLevel, certificate.level)
        if certificate
        else 0,
        certificate_id=str(certificate.certificate_id) if certificate else "",
        certificate_version=certificate.version if certificate else 0,
        changed_at=from_datetime(at),
    )


def dose_message(dose: Dose, message_class, **more):
    """The dose as the events' RecordedDose, or the API's (the same fields; `more`: the
    event's own)."""
    return message_class(
        **more,
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
