"""The citizens' personal data, for the province's admins: the access audit (who read which
case, evidence file or registry record; resolution's AccessAuditService keeps it and decides
who reads it; `format=csv` is every entry the filters select, as one file) and the erasure of
one complaint's personal data at its citizen's request (intake's). Mapping only."""

import csv
import io
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import AwareDatetime, BaseModel, BeforeValidator

from gateway.accounts import PageSize, PageToken
from gateway.auth import Officer
from gateway.client_address import client_address
from gateway.clients import ClientsDep
from gateway.schemas import ErrorBody
from phananh.intake.v1 import intake_pb2
from phananh.resolution.v1 import audit_pb2 as pb
from phananh_common.protoconv import enum_name, to_datetime

router = APIRouter(
    prefix="/api/v1",
    tags=["officers"],
    responses={400: {"model": ErrorBody}, 401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)

# A file holds at most so many entries (the filters narrow a larger one).
MAX_CSV_ENTRIES = 50_000
CSV_PAGE = 500
FIELDS = (
    "at",
    "actor",
    "role",
    "action",
    "case_id",
    "citizen_id",
    "evidence_id",
    "client_address",
    "detail",
)


class AccessEntryOut(BaseModel):
    at: str
    actor: str
    role: str
    action: str
    case_id: str
    citizen_id: str
    evidence_id: str
    client_address: str
    detail: str


class AccessAuditPage(BaseModel):
    entries: list[AccessEntryOut]
    next_page_token: str = ""


def _written_as_a_date(value):
    """An instant as ISO 8601 text alone (pydantic would take a number as Unix seconds)."""
    if isinstance(value, str) and not re.match(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be an instant with its offset, e.g. 2026-12-01T00:00+07:00")
    return value


Instant = Annotated[
    Annotated[AwareDatetime, BeforeValidator(_written_as_a_date)] | None,
    Query(description="an instant with its offset, e.g. 2026-12-01T00:00+07:00"),
]


def _entry(e: pb.AccessEntry) -> AccessEntryOut:
    return AccessEntryOut(
        at=to_datetime(e.at).isoformat(),
        actor=e.actor,
        role=e.role,
        action=enum_name(pb.AccessAction, e.action),
        case_id=e.case_id,
        citizen_id=e.citizen_id,
        evidence_id=e.evidence_id,
        client_address=e.client_address,
        detail=e.detail,
    )


@router.get(
    "/audit/access",
    response_model=AccessAuditPage,
    responses={200: {"content": {"text/csv": {}}}},
)
async def access_audit(
    c: ClientsDep,
    officer: Officer,
    actor: Annotated[str, Query(max_length=100)] = "",
    case_id: Annotated[str, Query(max_length=100)] = "",
    citizen_id: Annotated[str, Query(max_length=100)] = "",
    from_: Annotated[Instant, Query(alias="from")] = None,
    to: Instant = None,
    page_size: PageSize = 50,
    page_token: PageToken = "",
    format: Literal["json", "csv"] = "json",
):
    """The officers' reads, newest first (province admins only; anyone else: 403)."""
    request = pb.ListAccessAuditRequest(
        actor=actor, case_id=case_id, citizen_id=citizen_id, page_size=page_size,
        page_token=page_token,
    )  # fmt: skip
    for field, value in (("from", from_), ("to", to)):
        if value is not None:
            stamp = Timestamp()
            stamp.FromDatetime(value)
            getattr(request, field).CopyFrom(stamp)
    if format == "csv":
        return await _csv(c, officer, request)
    reply = await c.access_audit.ListAccessAudit(request, timeout=c.deadline, metadata=officer)
    return AccessAuditPage(
        entries=[_entry(e) for e in reply.entries], next_page_token=reply.next_page_token
    )


async def _csv(c, officer, request: pb.ListAccessAuditRequest) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\r\n")
    writer.writeheader()
    request.page_size, written = CSV_PAGE, 0
    while written < MAX_CSV_ENTRIES:
        reply = await c.access_audit.ListAccessAudit(request, timeout=c.deadline, metadata=officer)
        writer.writerows(_entry(e).model_dump() for e in reply.entries)
        written += len(reply.entries)
        if not reply.next_page_token:
            break
        request.page_token = reply.next_page_token
    return Response(
        out.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="access-audit.csv"'},
    )


class Erased(BaseModel):
    tracking_code: str
    erased_at: str


@router.post(
    "/complaints/{tracking_code}:erase",
    response_model=Erased,
    responses={404: {"model": ErrorBody}},
)
async def erase_complaint(tracking_code: str, request: Request, c: ClientsDep, officer: Officer):
    """Province admins, at a citizen's request: the complaint's evidence deleted and its person
    replaced by a pseudonym (the tracking code and the figures stay); the erasure recorded."""
    reply = await c.intake.EraseComplaint(
        intake_pb2.EraseComplaintRequest(
            tracking_code=tracking_code[:40], client_address=client_address(request)
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return Erased(
        tracking_code=reply.tracking_code, erased_at=to_datetime(reply.erased_at).isoformat()
    )
