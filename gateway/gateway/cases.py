"""The officers' case work: queues, a case beside the registry, decisions, re-checks.
Mapping only: resolution decides."""

from typing import Annotated

from fastapi import APIRouter, Query

from gateway import case_schemas as s
from gateway.auth import Officer
from gateway.clients import ClientsDep
from gateway.schemas import ErrorBody, Status
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name, enum_value, to_datetime

router = APIRouter(
    prefix="/api/v1",
    tags=["cases"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)

PageSize = Annotated[int, Query(ge=0, le=500)]
PageToken = Annotated[str, Query(max_length=400)]


def case_item(c: pb.Case) -> s.CaseItem:
    return s.CaseItem(
        case_id=c.case_id,
        tracking_code=c.tracking_code,
        status=enum_name(types_pb2.CaseStatus, c.status),
        category=enum_name(types_pb2.ComplaintCategory, c.category),
        unit_code=c.unit_code,
        submitted_at=to_datetime(c.submitted_at).isoformat(),
        due_at=to_datetime(c.due_at).isoformat(),
        overdue=c.overdue,
        at_risk=c.at_risk,
        version=c.version,
    )


@router.get("/cases", response_model=s.CasePage, responses={400: {"model": ErrorBody}})
async def list_cases(
    c: ClientsDep,
    officer: Officer,
    status: Status | None = None,
    unit_code: Annotated[str, Query(max_length=10)] = "",
    overdue: bool = False,
    page_size: PageSize = 50,
    page_token: PageToken = "",
):
    """The cases inside the caller's unit (or `unit_code` inside it), oldest deadline first;
    `overdue=true`: only open cases past their deadline."""
    reply = await c.resolution.ListCases(
        pb.ListCasesRequest(
            status=enum_value(types_pb2.CaseStatus, status or ""),
            unit_code=unit_code,
            overdue=overdue,
            page_size=page_size,
            page_token=page_token,
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.CasePage(
        cases=[case_item(x) for x in reply.cases], next_page_token=reply.next_page_token
    )
