"""ResolutionService's registry methods and the handler of intake's facilities: protobuf ↔
the registry's use cases, mapping only. The records' messages serve the cases' API too."""

import json

from google.type.date_pb2 import Date

from phananh.events.v1.intake_events_pb2 import FacilitiesImported
from phananh.resolution.v1 import resolution_pb2
from phananh.types.v1 import types_pb2
from phananh_common.access import current_principal, officers
from phananh_common.protoconv import enum_value, from_datetime, to_datetime
from phananh_common.roles import CASE_WORKERS, PROVINCE_ADMIN
from resolution.registry.domain.changes import HistoryEntry
from resolution.registry.domain.matching import Candidate
from resolution.registry.domain.records import Record
from resolution.registry.domain.scope import Facility, glimpse
from resolution.registry.service.events import dose_message, person_message
from resolution.registry.service.registry import Registry

ACCESS = {
    "ImportRegistry": officers({PROVINCE_ADMIN}),
    # Records are scoped by the unit of the citizen's address, in the use case.
    "SearchCitizens": officers(CASE_WORKERS),
    "GetCitizen": officers(CASE_WORKERS),
    "GetCitizenHistory": officers(CASE_WORKERS),
}


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
        doses=[dose_message(d, resolution_pb2.RecordedDose) for d in record.doses],
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
    (domain.scope.Glimpse; the birth date a year alone)."""
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


def history_entry_message(entry: HistoryEntry) -> resolution_pb2.RegistryHistoryEntry:
    return resolution_pb2.RegistryHistoryEntry(
        at=from_datetime(entry.at),
        actor=entry.actor,
        source=entry.source,
        case_id=str(entry.case_id) if entry.case_id else "",
        op=entry.action,
        before_json=json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
        after_json=json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
    )


class RegistryApi:
    """ResolutionService's registry methods (the servicer is the cases' and these together:
    server.ResolutionApi)."""

    def __init__(self, registry: Registry):
        self._registry = registry

    async def ImportRegistry(self, request, context):  # noqa: N802 (gRPC's name)
        imported = await self._registry.import_upload(request.csv, current_principal())
        return resolution_pb2.ImportRegistryResponse(
            citizens=imported.citizens,
            doses=imported.doses,
            citizen_ids=imported.citizen_ids,
            created=imported.created,
            updated=imported.updated,
            unchanged=imported.unchanged,
        )

    async def SearchCitizens(self, request, context):  # noqa: N802 (gRPC's name)
        found = await self._registry.search(current_principal(), request.national_id, request.phone)
        return resolution_pb2.SearchCitizensResponse(citizens=[citizen_message(r) for r in found])

    async def GetCitizen(self, request, context):  # noqa: N802 (gRPC's name)
        record = await self._registry.citizen(current_principal(), request.citizen_id)
        return resolution_pb2.GetCitizenResponse(citizen=citizen_message(record))

    async def GetCitizenHistory(self, request, context):  # noqa: N802 (gRPC's name)
        entries = await self._registry.history(current_principal(), request.citizen_id)
        return resolution_pb2.GetCitizenHistoryResponse(
            entries=[history_entry_message(e) for e in entries]
        )


class FacilitiesHandler:
    """Keeps the directory of intake's facilities (domain.scope)."""

    def __init__(self, registry: Registry):
        self._registry = registry

    async def __call__(self, conn, event: FacilitiesImported, _envelope) -> None:
        await self._registry.facilities_imported(
            conn,
            [Facility(f.code, f.name, f.district_code, f.commune_code) for f in event.facilities],
            to_datetime(event.imported_at),
        )
