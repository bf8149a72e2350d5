"""The registry: the province admin's import of the portal's extract, and officers' look-ups.
Mapping only: resolution decides."""

import csv
import io
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from gateway import case_schemas as s
from gateway.auth import Officer
from gateway.clients import ClientsDep
from gateway.limits import allow_body, refused
from gateway.schemas import ErrorBody
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, to_date, to_datetime

router = APIRouter(prefix="/api/v1", tags=["registry"], responses={401: {"model": ErrorBody}})

# resolution's limit for an upload; larger extracts go through its command line.
MAX_EXTRACT_BYTES = 8 * 1024 * 1024


def iso_date(value) -> str | None:
    day = to_date(value)
    return day.isoformat() if day else None


def citizen_out(c: pb.RegistryCitizen) -> s.RegistryCitizen:
    return s.RegistryCitizen(**citizen_fields(c))


def citizen_fields(c: pb.RegistryCitizen) -> dict:
    """The JSON fields of a record (a masked one's too: see case_schemas.Candidate)."""
    return dict(
        citizen_id=c.citizen_id,
        full_name=c.full_name,
        date_of_birth=iso_date(c.date_of_birth),
        gender=enum_name(types_pb2.Gender, c.gender),
        phone=c.phone or None,
        national_id=c.national_id or None,
        address=s.AddressOut(
            province_code=c.address.province_code,
            district_code=c.address.district_code,
            commune_code=c.address.commune_code,
            street=c.address.street,
        ),
        doses=[dose_out(d) for d in c.doses],
        certificate=s.CertificateOut(
            level=enum_name(types_pb2.CertificateLevel, c.certificate.level),
            certificate_id=c.certificate.certificate_id,
            version=c.certificate.version,
        )
        if c.HasField("certificate")
        else None,
        merged_into=c.merged_into or None,
    )


def dose_out(d: pb.RecordedDose) -> s.RecordedDose:
    return s.RecordedDose(
        dose_id=d.dose_id,
        dose_number=d.dose_number,
        vaccinated_on=iso_date(d.vaccinated_on),
        vaccine_code=d.vaccine_code,
        lot_number=d.lot_number,
        facility_code=d.facility_code,
    )


@router.post(
    "/registry:import",
    response_model=s.RegistryImported,
    responses={400: {"model": ErrorBody}, 403: {"model": ErrorBody}},
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    },
)
async def import_registry(request: Request, c: ClientsDep, officer: Officer):
    """`text/csv`, one row per dose (a record without doses: one row with empty dose fields),
    all or nothing; errors name `line[N].column`, the header being line 1."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "text/csv":
        return refused("csv", "send the file as text/csv")
    allow_body(request, MAX_EXTRACT_BYTES, "csv")
    body = await request.body()
    reply = await c.resolution.ImportRegistry(
        pb.ImportRegistryRequest(csv=body), timeout=c.deadline, metadata=officer
    )
    return s.RegistryImported(
        citizens=reply.citizens,
        doses=reply.doses,
        citizen_ids=dict(reply.citizen_ids),
        created=reply.created,
        updated=reply.updated,
        unchanged=reply.unchanged,
    )


@router.get(
    "/registry/citizens", response_model=s.RegistryCitizens, responses={400: {"model": ErrorBody}}
)
async def search_citizens(
    c: ClientsDep,
    officer: Officer,
    national_id: Annotated[str, Query(max_length=20)] = "",
    phone: Annotated[str, Query(max_length=20)] = "",
):
    """The records with this identity number or this phone, inside the caller's unit."""
    reply = await c.resolution.SearchCitizens(
        pb.SearchCitizensRequest(national_id=national_id, phone=phone),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.RegistryCitizens(citizens=[citizen_out(x) for x in reply.citizens])


@router.get(
    "/registry/citizens/{citizen_id}",
    response_model=s.RegistryCitizen,
    responses={404: {"model": ErrorBody}},
)
async def get_citizen(citizen_id: str, c: ClientsDep, officer: Officer):
    reply = await c.resolution.GetCitizen(
        pb.GetCitizenRequest(citizen_id=citizen_id[:64]), timeout=c.deadline, metadata=officer
    )
    return citizen_out(reply.citizen)


HISTORY_COLUMNS = list(s.RegistryHistoryEntry.model_fields)


@router.get(
    "/registry/citizens/{citizen_id}/history",
    response_model=s.RegistryHistory,
    responses={200: {"content": {"text/csv": {}}}, 404: {"model": ErrorBody}},
)
async def citizen_history(
    citizen_id: str, c: ClientsDep, officer: Officer, format: Literal["json", "csv"] = "json"
):
    """Every change of the record, newest first: through a case, a merge into another
    record, or a re-import. `format=csv` downloads it (before and after as JSON)."""
    reply = await c.resolution.GetCitizenHistory(
        pb.GetCitizenHistoryRequest(citizen_id=citizen_id[:64]),
        timeout=c.deadline,
        metadata=officer,
    )
    history = s.RegistryHistory(entries=[history_entry_out(e) for e in reply.entries])
    if format == "json":
        return history
    out = io.StringIO()
    writer = csv.DictWriter(out, HISTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in history.entries:
        row = entry.model_dump()
        for side in ("before", "after"):
            row[side] = json.dumps(row[side], ensure_ascii=False) if row[side] else ""
        writer.writerow(row)
    return Response(
        out.getvalue().encode("utf-8-sig"),  # with a BOM: spreadsheets then read UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="registry-history.csv"'},
    )


def history_entry_out(e: pb.RegistryHistoryEntry) -> s.RegistryHistoryEntry:
    return s.RegistryHistoryEntry(
        at=to_datetime(e.at).isoformat(),
        actor=e.actor,
        source=e.source,
        case_id=e.case_id or None,
        op=e.op,
        before=json.loads(e.before_json) if e.before_json else None,
        after=json.loads(e.after_json) if e.after_json else None,
    )
