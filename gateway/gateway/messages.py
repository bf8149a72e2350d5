"""Operator routes over notification: the messages of a complaint, the dead letters, the
health book pushes given up on, and sending either again. Mapping only: notification decides
who may (province officers read, province admins re-drive) from the forwarded token."""

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from gateway.auth import Officer
from gateway.complaints import ClientsDep
from gateway.schemas import ErrorBody
from phananh.notification.v1 import notification_pb2
from phananh_common.protoconv import enum_name, to_datetime

router = APIRouter(prefix="/api/v1", tags=["operators"])

MessageKind = Literal[
    "COMPLAINT_RECEIVED",
    "ONE_TIME_CODE",
    "INFORMATION_NEEDED",
    "RESOLVED",
    "REJECTED",
    "DUPLICATE",
    "OVERDUE_DIGEST",
]
MessageStatus = Literal["QUEUED", "SENT", "DELIVERED", "FAILED", "DEAD", "EXPIRED"]


class MessageOut(BaseModel):
    message_id: str
    tracking_code: str | None
    kind: MessageKind
    status: MessageStatus
    event_id: str
    created_at: str
    attempts: int
    last_error: str | None
    provider_message_id: str | None
    sent_at: str | None
    delivered_at: str | None
    segments: int
    has_recipient: bool


class MessageList(BaseModel):
    messages: list[MessageOut]
    next_page_token: str | None = None


def _instant(message, field: str) -> str | None:
    return to_datetime(getattr(message, field)).isoformat() if message.HasField(field) else None


def message_out(m: notification_pb2.Message) -> MessageOut:
    return MessageOut(
        message_id=m.message_id,
        tracking_code=m.tracking_code or None,
        kind=enum_name(notification_pb2.MessageKind, m.kind),
        status=enum_name(notification_pb2.MessageStatus, m.status),
        event_id=m.event_id,
        created_at=_instant(m, "created_at"),
        attempts=m.attempts,
        last_error=m.last_error or None,
        provider_message_id=m.provider_message_id or None,
        sent_at=_instant(m, "sent_at"),
        delivered_at=_instant(m, "delivered_at"),
        segments=m.segments,
        has_recipient=m.has_recipient,
    )


@router.get("/messages", response_model=MessageList, responses={400: {"model": ErrorBody}})
async def list_messages(
    c: ClientsDep, officer: Officer, tracking_code: Annotated[str, Query(max_length=40)]
):
    reply = await c.notification.ListMessages(
        notification_pb2.ListMessagesRequest(tracking_code=tracking_code),
        timeout=c.deadline,
        metadata=officer,
    )
    return MessageList(messages=[message_out(m) for m in reply.messages])


@router.get("/messages:dead", response_model=MessageList, responses={400: {"model": ErrorBody}})
async def list_dead_letters(
    c: ClientsDep,
    officer: Officer,
    page_size: Annotated[int, Query(ge=0, le=500)] = 0,
    page_token: Annotated[str, Query(max_length=200)] = "",
):
    reply = await c.notification.ListDeadLetters(
        notification_pb2.ListDeadLettersRequest(page_size=page_size, page_token=page_token),
        timeout=c.deadline,
        metadata=officer,
    )
    return MessageList(
        messages=[message_out(m) for m in reply.messages],
        next_page_token=reply.next_page_token or None,
    )


@router.post(
    "/messages/{message_id}:redrive",
    response_model=MessageOut,
    responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
async def redrive_message(message_id: str, c: ClientsDep, officer: Officer):
    reply = await c.notification.RedriveMessage(
        notification_pb2.RedriveMessageRequest(message_id=message_id[:100]),
        timeout=c.deadline,
        metadata=officer,
    )
    return message_out(reply.message)


class HealthBookSyncOut(BaseModel):
    sync_id: str
    event_id: str
    tracking_code: str
    # The registry record the change is about (a merge's surviving record).
    citizen_id: str
    status: Literal["QUEUED", "SENT", "DEAD"]
    attempts: int
    last_error: str | None
    # The health book's FHIR OperationOutcome when it refused the change's Bundle.
    operation_outcome: dict | None
    created_at: str


class HealthBookSyncList(BaseModel):
    syncs: list[HealthBookSyncOut]
    next_page_token: str | None = None


def sync_out(s: notification_pb2.HealthBookSync) -> HealthBookSyncOut:
    return HealthBookSyncOut(
        sync_id=s.sync_id,
        event_id=s.event_id,
        tracking_code=s.tracking_code,
        citizen_id=s.citizen_id,
        status=enum_name(notification_pb2.MessageStatus, s.status),
        attempts=s.attempts,
        last_error=s.last_error or None,
        operation_outcome=json.loads(s.operation_outcome) if s.operation_outcome else None,
        created_at=_instant(s, "created_at"),
    )


@router.get(
    "/health-book-syncs:failed",
    response_model=HealthBookSyncList,
    responses={400: {"model": ErrorBody}},
)
async def list_health_book_failures(
    c: ClientsDep,
    officer: Officer,
    page_size: Annotated[int, Query(ge=0, le=500)] = 0,
    page_token: Annotated[str, Query(max_length=200)] = "",
):
    reply = await c.notification.ListHealthBookSyncFailures(
        notification_pb2.ListHealthBookSyncFailuresRequest(
            page_size=page_size, page_token=page_token
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return HealthBookSyncList(
        syncs=[sync_out(s) for s in reply.syncs], next_page_token=reply.next_page_token or None
    )


@router.post(
    "/health-book-syncs/{sync_id}:redrive",
    response_model=HealthBookSyncOut,
    responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
async def redrive_health_book_sync(sync_id: str, c: ClientsDep, officer: Officer):
    reply = await c.notification.RedriveHealthBookSync(
        notification_pb2.RedriveHealthBookSyncRequest(sync_id=sync_id[:100]),
        timeout=c.deadline,
        metadata=officer,
    )
    return sync_out(reply.sync)
