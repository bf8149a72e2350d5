"""Notification's use cases: what each of the other services' events queues, the operator's
view of both queues and its re-drives, the providers' delivery reports, and the
MessageStatusChanged that each status set publishes.

An event's use case runs in the inbox's transaction, which the consumer owns (`conn`): its
effect and the event's id commit together. The others each own one transaction."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notification import domain, metrics
from notification.domain import E164, DeliveryReport, Kind, MessageRow, PageKey, Status, SyncRow
from notification.fhir import InvalidBundle, RecordChange, Systems, change_bundle
from notification.store import delivery_reports, healthbook, messages
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.notification.v1 import notification_pb2
from phananh_common import tracking_codes
from phananh_common.errors import FailedPrecondition, InvalidArgument, NotFound, Violations
from phananh_common.local_time import utc_now
from phananh_common.outbox import publish
from phananh_common.protoconv import enum_value, from_datetime
from phananh_common.units import units

TRACKING_CODE_MAX = 40


@dataclass(frozen=True)
class Outcome:
    """A case's decision as its message tells it: CaseOutcome's fields, enums by name."""

    kind: str
    message: str
    certificate_level: str
    reason_code: str
    citizen_advice: str


@dataclass(frozen=True)
class Digest:
    """A unit's overdue cases on a day, for the officers it names."""

    unit_code: str
    day: date | None
    overdue: int
    at_risk: int
    recipients: list[tuple[str, str]]  # (username, phone)
    # Facilities' re-checks inside the unit waiting past their time.
    overdue_rechecks: int = 0


class EventEffects:
    """Turns events into queued messages and health book pushes, inside the inbox's
    transaction: a redelivered event queues nothing again."""

    def __init__(
        self, templates: domain.Templates, clock: Callable[[], datetime], systems: Systems
    ):
        self._templates = templates
        self._clock = clock
        self._systems = systems

    def _message(self, event_id: str, kind: Kind, sms: domain.Sms, **values) -> dict:
        return {
            "message_id": uuid.uuid4(),
            "event_id": uuid.UUID(event_id),
            "once_key": event_id,
            "kind": kind,
            "text": sms.text,
            "encoding": sms.encoding,
            "segments": sms.segments,
            "status": Status.QUEUED,
            **values,
        }

    async def complaint_submitted(
        self,
        conn: AsyncConnection,
        event_id: str,
        complaint_id: str,
        tracking_code: str,
        phone: str,
    ) -> None:
        """Keeps the citizen's phone and queues the "complaint received" SMS."""
        violations = Violations()
        _require(violations, "complaint_id", complaint_id)
        _require(violations, "tracking_code", tracking_code)
        if not E164.match(phone):
            violations.add("complaint.citizen.phone", "must be a phone number in E.164")
        violations.raise_if_any()
        await messages.serialize_on_complaint(conn, complaint_id)
        code = tracking_codes.stored(tracking_code)
        sms = self._templates.render(
            Kind.COMPLAINT_RECEIVED, tracking_code=tracking_codes.shown(code)
        )
        row = self._message(
            event_id,
            Kind.COMPLAINT_RECEIVED,
            sms,
            tracking_code=code,
            complaint_id=complaint_id,
            recipient=phone,
        )
        await messages.queue_message(conn, row)
        await messages.remember_recipient(conn, complaint_id, phone)

    async def case_status_changed(
        self,
        conn: AsyncConnection,
        event_id: str,
        complaint_id: str,
        tracking_code: str,
        outcome: Outcome | None,
    ) -> None:
        """A decision tells the citizen; other status changes do not. The phone may not be
        known yet (the complaint's event comes from another producer): the message then
        waits for it."""
        if outcome is None:
            return
        kind = domain.OUTCOME_MESSAGES.get(outcome.kind)
        violations = Violations()
        _require(violations, "complaint_id", complaint_id)
        _require(violations, "tracking_code", tracking_code)
        if kind is None:
            violations.add("outcome.kind", "must be RESOLVED, REJECTED, NEEDS_INFO or DUPLICATE")
        violations.raise_if_any()
        await messages.serialize_on_complaint(conn, complaint_id)
        code = tracking_codes.stored(tracking_code)
        fields = self._templates.outcome_fields(
            kind,
            tracking_code=tracking_codes.shown(code),
            message=outcome.message,
            level=outcome.certificate_level,
            reason=outcome.reason_code,
            advice=outcome.citizen_advice,
        )
        row = self._message(
            event_id,
            kind,
            self._templates.render(kind, **fields),
            tracking_code=code,
            complaint_id=complaint_id,
            recipient=await messages.recipient_of(conn, complaint_id),
        )
        await messages.queue_message(conn, row)

    async def one_time_code_requested(
        self,
        conn: AsyncConnection,
        event_id: str,
        phone: str,
        code: str,
        expires_at: datetime | None,
    ) -> None:
        """Queued to be sent at any hour, but never after it expires."""
        violations = Violations()
        if not E164.match(phone):
            violations.add("phone", "must be a phone number in E.164")
        if not code.isdigit() or not 4 <= len(code) <= 10:
            violations.add("code", "must be 4 to 10 digits")
        if expires_at is None:
            violations.add("expires_at", "is required")
        violations.raise_if_any()
        now = self._clock()
        sms = self._templates.render(
            Kind.ONE_TIME_CODE, code=code, minutes=domain.one_time_code_minutes(now, expires_at)
        )
        row = self._message(
            event_id,
            Kind.ONE_TIME_CODE,
            sms,
            tracking_code="",
            recipient=phone,
            not_after=expires_at,
            status=Status.EXPIRED if expires_at <= now else Status.QUEUED,
        )
        await messages.queue_message(conn, row)

    async def overdue_digest(self, conn: AsyncConnection, event_id: str, digest: Digest) -> None:
        """One SMS per officer and day, within the day: a digest that the quiet hours or
        failures held past midnight would only be stale beside the next one."""
        violations = Violations()
        unit = units().get(digest.unit_code)
        if unit is None:
            violations.add("unit_code", "must be a unit code")
        day = digest.day
        if day is None:
            violations.add("local_date", "is required")
        if min(digest.overdue, digest.at_risk, digest.overdue_rechecks) < 0:
            violations.add("overdue", "counts must not be negative")
        for i, (username, phone) in enumerate(digest.recipients):
            _require(violations, f"recipients[{i}].username", username)
            if not E164.match(phone):
                violations.add(f"recipients[{i}].phone", "must be a phone number in E.164")
        violations.raise_if_any()
        sms = self._templates.render(
            Kind.OVERDUE_DIGEST,
            unit_name=unit.name,
            date=day.strftime("%d/%m/%Y"),
            overdue=str(digest.overdue),
            at_risk=str(digest.at_risk),
            overdue_rechecks=str(digest.overdue_rechecks),
        )
        for username, phone in digest.recipients:
            row = self._message(
                event_id,
                Kind.OVERDUE_DIGEST,
                sms,
                once_key=f"{day.isoformat()} {username}",
                tracking_code="",
                recipient=phone,
                not_after=domain.end_of_local_day(day),
            )
            await messages.queue_message(conn, row)

    async def registry_record_changed(
        self,
        conn: AsyncConnection,
        event_id: str,
        tracking_code: str,
        sequence: int,
        change: RecordChange,
    ) -> None:
        """The change's transaction Bundle, validated now, pushed by the health book pusher
        after the record's earlier changes."""
        violations = Violations()
        _require(violations, "citizen_id", change.person.citizen_id)
        for i, dose in enumerate(change.doses):
            _require(violations, f"doses[{i}].dose_id", dose.dose_id)
        violations.raise_if_any()
        try:
            bundle = change_bundle(change, self._systems)
        except InvalidBundle as error:
            raise InvalidArgument.on(error.field, error.description) from None
        row = {
            "sync_id": uuid.uuid4(),
            "event_id": uuid.UUID(event_id),
            "tracking_code": tracking_codes.stored(tracking_code),
            "citizen_id": change.person.citizen_id,
            "sequence": sequence,
            "resource": bundle,
            "status": Status.QUEUED,
        }
        await healthbook.queue_sync(conn, row)


def _require(violations: Violations, field: str, value: str) -> None:
    if not value:
        violations.add(field, "is required")


class OperatorDesk:
    """The operator's view of both queues: a complaint's messages, what was given up on, and
    sending it again."""

    def __init__(self, engine: AsyncEngine):
        self._engine = engine

    async def messages_of(self, tracking_code: str) -> list[MessageRow]:
        violations = Violations()
        if not tracking_code or len(tracking_code) > TRACKING_CODE_MAX:
            violations.add("tracking_code", f"must be a tracking code (1 to {TRACKING_CODE_MAX})")
        violations.raise_if_any()
        return await self._read(messages.for_tracking_code, tracking_codes.stored(tracking_code))

    async def dead_letters(self, size: int, after: PageKey | None) -> list[MessageRow]:
        return await self._read(messages.dead_letters, size, after)

    async def sync_failures(self, size: int, after: PageKey | None) -> list[SyncRow]:
        return await self._read(healthbook.sync_failures, size, after)

    async def redrive_message(self, message_id: uuid.UUID) -> MessageRow:
        return await self._redrive(
            messages.redrive_message, messages.message_exists, message_id, "DEAD or FAILED"
        )

    async def redrive_sync(self, sync_id: uuid.UUID) -> SyncRow:
        return await self._redrive(healthbook.redrive_sync, healthbook.sync_exists, sync_id, "DEAD")

    async def _read(self, query, *args):
        async with self._engine.connect() as conn:
            return await query(conn, *args)

    async def _redrive(self, redrive, exists, key: uuid.UUID, statuses: str):
        """The item queued again, or why it was not: there is none, or it is not given up."""
        async with self._engine.begin() as conn:
            row = await redrive(conn, key)
            if row is not None:
                return row
            if not await exists(conn, key):
                raise NotFound("no such item")
        raise FailedPrecondition(f"only a {statuses} item can be sent again")


class DeliveryReports:
    """The providers' reports of their messages: kept as they come, applied by the SMS
    dispatcher at each round."""

    def __init__(self, engine: AsyncEngine):
        self._engine = engine

    async def keep(self, reports: list[DeliveryReport]) -> list[bool]:
        """Whether each report's message is known (the report is then kept)."""
        async with self._engine.begin() as conn:
            return await delivery_reports.keep_delivery_reports(conn, reports)

    async def apply(self) -> None:
        """The kept reports of the messages whose sending is committed: each status they set
        is published."""
        async with self._engine.begin() as conn:
            changed = [r for r in await delivery_reports.apply_delivery_reports(conn) if r.status]
            for row in changed:
                await publish_status(conn, row.message_id, row.complaint_id, row.kind, row.status)
        for row in changed:
            metrics.SMS_MESSAGES.labels(row.kind, row.status.lower()).inc()


async def publish_status(
    conn: AsyncConnection, message_id: uuid.UUID, complaint_id: str | None, kind: str, status
) -> None:
    """MessageStatusChanged, in the transaction that changed the status, for a message about
    a complaint (one-time codes are about none)."""
    if not complaint_id:
        return
    event = MessageStatusChanged(
        message_id=str(message_id),
        complaint_id=complaint_id,
        kind=enum_value(notification_pb2.MessageKind, kind),
        status=enum_value(notification_pb2.MessageStatus, status),
        changed_at=from_datetime(utc_now()),
    )
    await publish(conn, "notification", [event])
