"""AccessAuditService: the province admins' look into who read what, protobuf ↔ the audit's
use case; and the reader of an officer's call, for the apis whose reads are recorded."""

import uuid
from datetime import datetime

from phananh.resolution.v1 import audit_pb2
from phananh_common.access import current_principal, officer_address, officers
from phananh_common.errors import FieldViolation, InvalidArgument
from phananh_common.paging import encode_page_token, id_after, page_size, split_page
from phananh_common.protoconv import enum_value, from_datetime, to_datetime
from phananh_common.roles import PROVINCE_ADMIN
from resolution.audit.domain import AccessEntry, AccessQuery, Reader
from resolution.audit.service import AccessAudit

ACCESS = {"ListAccessAudit": officers({PROVINCE_ADMIN})}


def reader(context) -> Reader:
    """The officer making the call being served, and where it came from."""
    return Reader(current_principal(), officer_address(context))


def _id(field: str, value: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument.of([FieldViolation(field, "must be a UUID")]) from None


def _entry(e: AccessEntry) -> audit_pb2.AccessEntry:
    return audit_pb2.AccessEntry(
        at=from_datetime(e.at),
        actor=e.actor,
        role=e.role,
        action=enum_value(audit_pb2.AccessAction, e.action),
        case_id=str(e.case_id or ""),
        citizen_id=str(e.citizen_id or ""),
        evidence_id=e.evidence_id,
        client_address=e.client_address,
        detail=e.detail,
    )


class AccessAuditApi:
    def __init__(self, audit: AccessAudit):
        self._audit = audit

    async def ListAccessAudit(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        query = AccessQuery(
            actor=request.actor.strip(),
            case_id=_id("case_id", request.case_id),
            citizen_id=_id("citizen_id", request.citizen_id),
            since=_instant(request, "from"),
            until=_instant(request, "to"),
        )
        rows = await self._audit.entries(query, size + 1, id_after(request.page_token))
        page, token = split_page(rows, size, lambda e: encode_page_token(str(e.entry_id)))
        return audit_pb2.ListAccessAuditResponse(
            entries=[_entry(e) for e in page], next_page_token=token
        )


def _instant(request, field: str) -> datetime | None:
    # `from` is a Python keyword: the field is read by name.
    return to_datetime(getattr(request, field)) if request.HasField(field) else None
