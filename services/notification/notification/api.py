"""NotificationService and the handlers of the other services' events: protobuf ↔ domain
mapping only; the use cases are notification.service's."""

import json
import uuid

from notification.domain import MessageRow, SyncRow
from notification.fhir import Dose, Person, RecordChange
from notification.service import Digest, EventEffects, OperatorDesk, Outcome
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted, OneTimeCodeRequested
from phananh.events.v1.resolution_events_pb2 import (
    CaseStatusChanged,
    OutcomeKind,
    OverdueDigest,
    RegistryRecordChanged,
)
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common import tracking_codes
from phananh_common.access import officers
from phananh_common.errors import FieldViolation, InvalidArgument
from phananh_common.paging import page_after, page_size, page_token, split_page
from phananh_common.protoconv import enum_name, enum_value, from_datetime, to_date, to_datetime
from phananh_common.roles import PROVINCE_ADMIN, PROVINCE_ROLES


def message_proto(r: MessageRow) -> notification_pb2.Message:
    return notification_pb2.Message(
        message_id=str(r.message_id),
        tracking_code=tracking_codes.shown(r.tracking_code),
        kind=enum_value(notification_pb2.MessageKind, r.kind),
        status=enum_value(notification_pb2.MessageStatus, r.status),
        event_id=str(r.event_id),
        created_at=from_datetime(r.created_at),
        attempts=r.attempts,
        last_error=r.last_error or "",
        provider_message_id=r.provider_message_id or "",
        sent_at=from_datetime(r.sent_at),
        delivered_at=from_datetime(r.delivered_at),
        segments=r.segments,
        has_recipient=r.has_recipient,
    )


def sync_proto(r: SyncRow) -> notification_pb2.HealthBookSync:
    return notification_pb2.HealthBookSync(
        sync_id=str(r.sync_id),
        event_id=str(r.event_id),
        tracking_code=tracking_codes.shown(r.tracking_code),
        citizen_id=r.citizen_id,
        operation_outcome=json.dumps(r.operation_outcome, ensure_ascii=False)
        if r.operation_outcome
        else "",
        status=enum_value(notification_pb2.MessageStatus, r.status),
        attempts=r.attempts,
        last_error=r.last_error or "",
        created_at=from_datetime(r.created_at),
    )


def _uuid(field: str, text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise InvalidArgument.of([FieldViolation(field, f"must be {what} (a UUID)")]) from None


# Messages are not tied to a unit here, so only the province may read them for now.
# The operator's view of the queue: the province reads it; its admins re-drive.
ACCESS = {
    "ListMessages": officers(PROVINCE_ROLES),
    "ListDeadLetters": officers(PROVINCE_ROLES),
    "ListHealthBookSyncFailures": officers(PROVINCE_ROLES),
    "RedriveMessage": officers({PROVINCE_ADMIN}),
    "RedriveHealthBookSync": officers({PROVINCE_ADMIN}),
}


class NotificationApi(notification_pb2_grpc.NotificationServiceServicer):
    def __init__(self, desk: OperatorDesk):
        self._desk = desk

    async def ListMessages(self, request, context):  # noqa: N802 (gRPC's name)
        rows = await self._desk.messages_of(request.tracking_code)
        return notification_pb2.ListMessagesResponse(messages=[message_proto(r) for r in rows])

    async def ListDeadLetters(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        rows = await self._desk.dead_letters(size + 1, page_after(request.page_token))
        page, token = split_page(rows, size, lambda r: page_token(r.created_at, r.message_id))
        return notification_pb2.ListDeadLettersResponse(
            messages=[message_proto(r) for r in page], next_page_token=token
        )

    async def RedriveMessage(self, request, context):  # noqa: N802 (gRPC's name)
        message_id = _uuid("message_id", request.message_id, "a message id")
        row = await self._desk.redrive_message(message_id)
        return notification_pb2.RedriveMessageResponse(message=message_proto(row))

    async def ListHealthBookSyncFailures(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        rows = await self._desk.sync_failures(size + 1, page_after(request.page_token))
        page, token = split_page(rows, size, lambda r: page_token(r.created_at, r.sync_id))
        return notification_pb2.ListHealthBookSyncFailuresResponse(
            syncs=[sync_proto(r) for r in page], next_page_token=token
        )

    async def RedriveHealthBookSync(self, request, context):  # noqa: N802 (gRPC's name)
        sync_id = _uuid("sync_id", request.sync_id, "a health book push's id")
        row = await self._desk.redrive_sync(sync_id)
        return notification_pb2.RedriveHealthBookSyncResponse(sync=sync_proto(row))


class EventHandlers:
    """The events notification consumes, each mapped to its use case. `conn` is the inbox's
    transaction, handed on untouched."""

    def __init__(self, effects: EventEffects):
        self._effects = effects

    def handlers(self) -> dict:
        return {
            ComplaintSubmitted: self.on_complaint_submitted,
            CaseStatusChanged: self.on_case_status_changed,
            OneTimeCodeRequested: self.on_one_time_code_requested,
            RegistryRecordChanged: self.on_registry_record_changed,
            OverdueDigest: self.on_overdue_digest,
        }

    async def on_complaint_submitted(self, conn, event: ComplaintSubmitted, envelope) -> None:
        await self._effects.complaint_submitted(
            conn,
            envelope.event_id,
            event.complaint_id,
            event.tracking_code,
            event.complaint.citizen.phone,
        )

    async def on_case_status_changed(self, conn, event: CaseStatusChanged, envelope) -> None:
        outcome = None
        if event.HasField("outcome"):
            outcome = Outcome(
                kind=enum_name(OutcomeKind, event.outcome.kind),
                message=event.outcome.message,
                certificate_level=enum_name(
                    types_pb2.CertificateLevel, event.outcome.certificate_level
                ),
                reason_code=event.outcome.reason_code,
                citizen_advice=event.outcome.citizen_advice,
            )
        await self._effects.case_status_changed(
            conn, envelope.event_id, event.complaint_id, event.tracking_code, outcome
        )

    async def on_one_time_code_requested(self, conn, event: OneTimeCodeRequested, envelope) -> None:
        expires_at = to_datetime(event.expires_at) if event.HasField("expires_at") else None
        await self._effects.one_time_code_requested(
            conn, envelope.event_id, event.phone, event.code, expires_at
        )

    async def on_overdue_digest(self, conn, event: OverdueDigest, envelope) -> None:
        digest = Digest(
            unit_code=event.unit_code,
            day=to_date(event.local_date) if event.HasField("local_date") else None,
            overdue=event.overdue,
            at_risk=event.at_risk,
            recipients=[(r.username, r.phone) for r in event.recipients],
            overdue_rechecks=event.overdue_rechecks,
        )
        await self._effects.overdue_digest(conn, envelope.event_id, digest)

    async def on_registry_record_changed(
        self, conn, event: RegistryRecordChanged, envelope
    ) -> None:
        doses = tuple(
            Dose(
                d.dose_id,
                d.dose_number,
                to_date(d.vaccinated_on),
                d.vaccine_code,
                d.lot_number,
                d.facility_code,
                d.removed,
            )
            for d in event.doses
        )
        change = RecordChange(
            person=_person(event.citizen_id, event.citizen),
            doses=doses,
            merged=tuple(_person(m.citizen_id, m.citizen) for m in event.merged),
            changed_at=to_datetime(event.changed_at),
        )
        await self._effects.registry_record_changed(
            conn, envelope.event_id, event.tracking_code, event.sequence, change
        )


def _person(citizen_id: str, citizen: types_pb2.Citizen) -> Person:
    return Person(
        citizen_id=citizen_id,
        full_name=citizen.full_name,
        date_of_birth=to_date(citizen.date_of_birth),
        gender=enum_name(types_pb2.Gender, citizen.gender),
        national_id=citizen.national_id,
    )
