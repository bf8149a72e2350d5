"""Reference data, open to everyone: administrative units and vaccines (shared tables every
process has), rejection reasons (resolution's catalogue) and vaccination facilities (intake's);
and the facilities import of province admins."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from gateway import schemas
from gateway.auth import Officer
from gateway.clients import ClientsDep
from gateway.errors import error_response
from gateway.limits import allow_body, refused
from phananh.intake.v1 import intake_pb2
from phananh.resolution.v1 import resolution_pb2
from phananh_common.units import units
from phananh_common.vaccines import VACCINES

router = APIRouter(prefix="/api/v1", tags=["reference data"])

MAX_FACILITIES_CSV_BYTES = 2 * 1024 * 1024
Code = Annotated[str, Query(max_length=10)]


@router.get("/units", response_model=schemas.Units, responses={404: {"model": schemas.ErrorBody}})
async def list_units(parent: Code = ""):
    """The units directly below `parent`; the provinces without it."""
    if parent and units().get(parent) is None:
        return error_response("NOT_FOUND", "no administrative unit with this code")
    return schemas.Units(
        units=[
            schemas.Unit(code=u.code, name=u.name, level=u.level) for u in units().children(parent)
        ]
    )


@router.get("/vaccines", response_model=schemas.Vaccines)
async def list_vaccines():
    return schemas.Vaccines(
        vaccines=[
            schemas.Vaccine(code=v.code, name=v.name, doses_for_full_course=v.doses_for_full_course)
            for v in VACCINES.values()
        ]
    )


@router.get("/rejection-reasons", response_model=schemas.RejectionReasons)
async def list_rejection_reasons(c: ClientsDep):
    reply = await c.resolution.ListRejectionReasons(
        resolution_pb2.ListRejectionReasonsRequest(), timeout=c.deadline
    )
    return schemas.RejectionReasons(
        reasons=[
            schemas.RejectionReason(code=r.code, title=r.title, citizen_advice=r.citizen_advice)
            for r in reply.reasons
        ]
    )


def _facility(f: intake_pb2.Facility) -> schemas.Facility:
    return schemas.Facility(
        code=f.code, name=f.name, district_code=f.district_code, commune_code=f.commune_code
    )


@router.get(
    "/facilities", response_model=schemas.Facilities, responses={400: {"model": schemas.ErrorBody}}
)
async def list_facilities(c: ClientsDep, district_code: Code = ""):
    reply = await c.intake.ListFacilities(
        intake_pb2.ListFacilitiesRequest(district_code=district_code), timeout=c.deadline
    )
    return schemas.Facilities(facilities=[_facility(f) for f in reply.facilities])


# Province admins only: intake's access rule decides, from the forwarded token.
@router.post(
    "/facilities:import",
    response_model=schemas.Imported,
    responses={400: {"model": schemas.ErrorBody}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
async def import_facilities(request: Request, c: ClientsDep, officer: Officer):
    """`text/csv` with the header `code,name,district_code,commune_code`; all or nothing."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "text/csv":
        return refused("csv", "send the file as text/csv")
    allow_body(request, MAX_FACILITIES_CSV_BYTES, "csv")
    body = await request.body()
    reply = await c.intake.ImportFacilities(
        intake_pb2.ImportFacilitiesRequest(csv=body), timeout=c.deadline, metadata=officer
    )
    return schemas.Imported(imported=reply.imported)
