"""NotificationService and the handlers of the other services' events: protobuf ↔ domain
mapping only."""

import re
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from notification import domain
from notification.domain import Kind, Status, Templates
from notification.fhir import Dose, InvalidImmunization, immunization
from notification.store import MessageRow, NotificationStore, SyncRow
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted, OneTimeCodeRequested
from phananh.events.v1.resolution_events_pb2 import (
    CaseStatusChanged,
    OutcomeKind,
    OverdueDigest,
    RegistryRecordCorrected,
)
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common import tracking_codes
from phananh_common.access import PROVINCE_ADMIN, PROVINCE_ROLES, officers
from phananh_common.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    Violations,
)
from phananh_common.paging import page_after, page_size, page_token, split_page
from phananh_common.protoconv import enum_name, enum_value, from_datetime, to_date, to_datetime
from phananh_common.units import units

E164 = re.compile(r"^\+\d{8,15}$")
TRACKING_CODE_MAX = 40


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
        dose_id=r.dose_id,
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


def _redriven(row, exists: bool, statuses: str):
    """The re-driven item, or why there is none."""
    if row is None:
        if not exists:
            raise NotFound("no such item")
        raise FailedPrecondition(f"only a {statuses} item can be sent again")
    return row


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
    def __init__(self, store: NotificationStore):
        self._store = store

    async def ListMessages(self, request, context):  # noqa: N802 (gRPC's name)
        violations = Violations()
        if not request.tracking_code or len(request.tracking_code) > TRACKING_CODE_MAX:
            violations.add("tracking_code", f"must be a tracking code (1 to {TRACKING_CODE_MAX})")
        violations.raise_if_any()
        rows = await self._store.for_tracking_code(tracking_codes.stored(request.tracking_code))
        return notification_pb2.ListMessagesResponse(messages=[message_proto(r) for r in rows])

    async def ListDeadLetters(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        rows = await self._store.dead_letters(size + 1, page_after(request.page_token))
        page, token = split_page(rows, size, lambda r: page_token(r.created_at, r.message_id))
        return notification_pb2.ListDeadLettersResponse(
            messages=[message_proto(r) for r in page], next_page_token=token
        )

    async def RedriveMessage(self, request, context):  # noqa: N802 (gRPC's name)
        message_id = _uuid("message_id", request.message_id, "a message id")
        row = await self._store.redrive(message_id)
        exists = row is not None or await self._store.message_exists(message_id)
        row = _redriven(row, exists, "DEAD or FAILED")
        return notification_pb2.RedriveMessageResponse(message=message_proto(row))

    async def ListHealthBookSyncFailures(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        rows = await self._store.sync_failures(size + 1, page_after(request.page_token))
        page, token = split_page(rows, size, lambda r: page_token(r.created_at, r.sync_id))
        return notification_pb2.ListHealthBookSyncFailuresResponse(
            syncs=[sync_proto(r) for r in page], next_page_token=token
        )

    async def RedriveHealthBookSync(self, request, context):  # noqa: N802 (gRPC's name)
        sync_id = _uuid("sync_id", request.sync_id, "a health book push's id")
        row = await self._store.redrive_sync(sync_id)
        exists = row is not None or await self._store.sync_exists(sync_id)
        row = _redriven(row, exists, "DEAD")
        return notification_pb2.RedriveHealthBookSyncResponse(sync=sync_proto(row))


class EventHandlers:
    """Turns events into queued messages and health book pushes, inside the inbox's
    transaction: a redelivered event queues nothing again."""

    def __init__(self, templates: Templates, clock: Callable[[], datetime], dose_system: str):
        self._templates = templates
        self._clock = clock
        self._dose_system = dose_system

    def handlers(self) -> dict:
        return {
            ComplaintSubmitted: self.on_complaint_submitted,
            CaseStatusChanged: self.on_case_status_changed,
            OneTimeCodeRequested: self.on_one_time_code_requested,
            RegistryRecordCorrected: self.on_registry_record_corrected,
            OverdueDigest: self.on_overdue_digest,
        }

    def _message(self, envelope, kind: Kind, sms: domain.Sms, **values) -> dict:
        return {
            "message_id": uuid.uuid4(),
            "event_id": uuid.UUID(envelope.event_id),
            "once_key": envelope.event_id,
            "kind": kind,
            "text": sms.text,
            "encoding": sms.encoding,
            "segments": sms.segments,
            "status": Status.QUEUED,
            **values,
        }

    async def on_complaint_submitted(
        self, conn: AsyncConnection, event: ComplaintSubmitted, envelope
    ) -> None:
        """Keeps the citizen's phone and queues the "complaint received" SMS."""
        phone = event.complaint.citizen.phone
        violations = Violations()
        _require(violations, "complaint_id", event.complaint_id)
        _require(violations, "tracking_code", event.tracking_code)
        if not E164.match(phone):
            violations.add("complaint.citizen.phone", "must be a phone number in E.164")
        violations.raise_if_any()
        await NotificationStore.serialize_on_complaint(conn, event.complaint_id)
        code = tracking_codes.stored(event.tracking_code)
        shown = tracking_codes.shown(code)
        sms = self._templates.render(Kind.COMPLAINT_RECEIVED, tracking_code=shown)
        await NotificationStore.queue_message(
            conn,
            self._message(
                envelope,
                Kind.COMPLAINT_RECEIVED,
                sms,
                tracking_code=code,
                complaint_id=event.complaint_id,
                recipient=phone,
            ),
        )
        await NotificationStore.remember_recipient(conn, event.complaint_id, phone)

    async def on_case_status_changed(
        self, conn: AsyncConnection, event: CaseStatusChanged, envelope
    ) -> None:
        """A decision tells the citizen; other status changes do not. The phone may not be
        known yet (the complaint's event comes from another producer): the message then
        waits for it."""
        if not event.HasField("outcome"):
            return
        outcome = event.outcome
        kind = domain.OUTCOME_MESSAGES.get(enum_name(OutcomeKind, outcome.kind))
        violations = Violations()
        _require(violations, "complaint_id", event.complaint_id)
        _require(violations, "tracking_code", event.tracking_code)
        if kind is None:
            violations.add("outcome.kind", "must be RESOLVED, REJECTED, NEEDS_INFO or DUPLICATE")
        violations.raise_if_any()
        await NotificationStore.serialize_on_complaint(conn, event.complaint_id)
        code = tracking_codes.stored(event.tracking_code)
        fields = self._templates.outcome_fields(
            kind,
            tracking_code=tracking_codes.shown(code),
            message=outcome.message,
            level=enum_name(types_pb2.CertificateLevel, outcome.certificate_level),
            reason=outcome.reason_code,
            advice=outcome.citizen_advice,
        )
        await NotificationStore.queue_message(
            conn,
            self._message(
                envelope,
                kind,
                self._templates.render(kind, **fields),
                tracking_code=code,
                complaint_id=event.complaint_id,
                recipient=await NotificationStore.recipient_of(conn, event.complaint_id),
            ),
        )

    async def on_one_time_code_requested(
        self, conn: AsyncConnection, event: OneTimeCodeRequested, envelope
    ) -> None:
        """Queued to be sent at any hour, but never after it expires."""
        violations = Violations()
        if not E164.match(event.phone):
            violations.add("phone", "must be a phone number in E.164")
        if not event.code.isdigit() or not 4 <= len(event.code) <= 10:
            violations.add("code", "must be 4 to 10 digits")
        if not event.HasField("expires_at"):
            violations.add("expires_at", "is required")
        violations.raise_if_any()
        now, expires_at = self._clock(), to_datetime(event.expires_at)
        sms = self._templates.render(
            Kind.ONE_TIME_CODE,
            code=event.code,
            minutes=domain.one_time_code_minutes(now, expires_at),
        )
        await NotificationStore.queue_message(
            conn,
            self._message(
                envelope,
                Kind.ONE_TIME_CODE,
                sms,
                tracking_code="",
                recipient=event.phone,
                not_after=expires_at,
                status=Status.EXPIRED if expires_at <= now else Status.QUEUED,
            ),
        )

    async def on_overdue_digest(self, conn: AsyncConnection, event: OverdueDigest, envelope):
        """One SMS per officer and day, within the day: a digest that the quiet hours or
        failures held past midnight would only be stale beside the next one."""
        violations = Violations()
        unit = units().get(event.unit_code)
        if unit is None:
            violations.add("unit_code", "must be a unit code")
        day = to_date(event.local_date) if event.HasField("local_date") else None
        if day is None:
            violations.add("local_date", "is required")
        if event.overdue < 0 or event.at_risk < 0:
            violations.add("overdue", "counts must not be negative")
        for i, r in enumerate(event.recipients):
            _require(violations, f"recipients[{i}].username", r.username)
            if not E164.match(r.phone):
                violations.add(f"recipients[{i}].phone", "must be a phone number in E.164")
        violations.raise_if_any()
        sms = self._templates.render(
            Kind.OVERDUE_DIGEST,
            unit_name=unit.name,
            date=day.strftime("%d/%m/%Y"),
            overdue=str(event.overdue),
            at_risk=str(event.at_risk),
        )
        for r in event.recipients:
            await NotificationStore.queue_message(
                conn,
                self._message(
                    envelope,
                    Kind.OVERDUE_DIGEST,
                    sms,
                    once_key=f"{day.isoformat()} {r.username}",
                    tracking_code="",
                    recipient=r.phone,
                    not_after=domain.end_of_local_day(day),
                ),
            )

    async def on_registry_record_corrected(
        self, conn: AsyncConnection, event: RegistryRecordCorrected, envelope
    ) -> None:
        """One Immunization resource per dose, validated now, pushed by the health book
        pusher."""
        violations = Violations()
        _require(violations, "citizen_id", event.citizen_id)
        rows = []
        for i, d in enumerate(event.doses):
            if not d.dose_id:
                violations.add(f"doses[{i}].dose_id", "is required")
                continue
            dose = Dose(
                d.dose_id,
                d.dose_number,
                to_date(d.vaccinated_on),
                d.vaccine_code,
                d.lot_number,
                d.facility_code,
            )
            try:
                resource = immunization(
                    dose, event.citizen_id, to_datetime(event.corrected_at), self._dose_system
                )
            except InvalidImmunization as error:
                violations.add(f"doses[{i}]", str(error))
                continue
            rows.append(
                {
                    "sync_id": uuid.uuid4(),
                    "event_id": uuid.UUID(envelope.event_id),
                    "tracking_code": tracking_codes.stored(event.tracking_code),
                    "dose_id": d.dose_id,
                    "resource": resource,
                    "status": Status.QUEUED,
                }
            )
        violations.raise_if_any()
        await NotificationStore.queue_syncs(conn, rows)


def _require(violations: Violations, field: str, value: str) -> None:
    if not value:
        violations.add(field, "is required")
