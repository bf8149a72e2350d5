"""Events for notification as its producers send them, delivered to its EventConsumerService
the way a producer's relay does."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted, OneTimeCodeRequested
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.events.v1.resolution_events_pb2 import (
    CaseOutcome,
    CaseStatusChanged,
    OutcomeKind,
    RecordedDose,
    RegistryRecordChanged,
)
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.outbox import envelope_for
from phananh_common.protoconv import from_date, from_datetime
from tests.harness import officer_channel


def complaint_submitted(complaint_id: str, tracking_code: str, phone: str):
    complaint = types_pb2.Complaint(citizen=types_pb2.Citizen(full_name="Lê Văn Tám", phone=phone))
    return envelope_for(
        "intake",
        ComplaintSubmitted(
            complaint_id=complaint_id, tracking_code=tracking_code, complaint=complaint
        ),
    )


def case_decided(complaint_id: str, tracking_code: str, kind: str, **outcome):
    event = CaseStatusChanged(
        case_id=str(uuid.uuid4()),
        complaint_id=complaint_id,
        tracking_code=tracking_code,
        status=types_pb2.CaseStatus.Value(f"CASE_STATUS_{kind}"),
        version=3,
        outcome=CaseOutcome(kind=OutcomeKind.Value(f"OUTCOME_KIND_{kind}"), **outcome),
    )
    return envelope_for("resolution", event)


def case_resolved(complaint_id: str, tracking_code: str, level: str = "FULL"):
    return case_decided(
        complaint_id,
        tracking_code,
        "RESOLVED",
        certificate_level=types_pb2.CertificateLevel.Value(f"CERTIFICATE_LEVEL_{level}"),
    )


def one_time_code(phone: str, code: str, expires_at: datetime):
    return envelope_for(
        "intake", OneTimeCodeRequested(phone=phone, code=code, expires_at=from_datetime(expires_at))
    )


def record_changed(tracking_code: str, dose_ids: list[str], citizen_id: str = "", sequence=1):
    """A registry change of the citizen's record (a new one when not given) touching these
    doses, numbered from 1."""
    doses = [
        RecordedDose(
            dose_id=dose_id,
            dose_number=n,
            vaccinated_on=from_date(datetime(2021, 8, 1).date() + timedelta(days=40 * (n - 1))),
            vaccine_code="AZ",
            lot_number=f"A{n}234",
            facility_code="F731001",
        )
        for n, dose_id in enumerate(dose_ids, start=1)
    ]
    citizen = types_pb2.Citizen(
        full_name="Lê Văn Tám",
        date_of_birth=from_date(datetime(1990, 5, 17).date()),
        gender=types_pb2.GENDER_MALE,
        national_id="075090001234",
    )
    event = RegistryRecordChanged(
        citizen_id=citizen_id or str(uuid.uuid4()),
        sequence=sequence,
        source="CASE",
        case_id=str(uuid.uuid4()),
        tracking_code=tracking_code,
        citizen=citizen,
        doses=doses,
        changed_at=from_datetime(datetime.now(UTC)),
    )
    return envelope_for("resolution", event)


async def deliver(system, envelope) -> envelope_pb2.DeliverEventResponse:
    """The event delivered to the system's notification by its producer (its identity)."""
    async with system.channel("notification", envelope.producer) as channel:
        stub = envelope_pb2_grpc.EventConsumerServiceStub(channel)
        return await stub.DeliverEvent(envelope_pb2.DeliverEventRequest(event=envelope), timeout=10)


def new_complaint(n: int) -> tuple[str, str, str]:
    """A complaint id, tracking code (bare, as intake's events carry it) and E.164 phone,
    different for each n."""
    return str(uuid.uuid4()), f"T{n:04d}{uuid.uuid4().hex[:5].upper()}", f"+8491{n:07d}"


def shown(code: str) -> str:
    """The tracking code as the citizen sees it (and the SMS writes it)."""
    return f"{code[:5]}-{code[5:]}"


async def published_statuses(database_url: str, complaint_id: str) -> list[tuple[str, str]]:
    """(kind, status) of each MessageStatusChanged about the complaint in notification's
    outbox, sorted."""
    engine = create_async_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            envelopes = await conn.scalars(
                text("SELECT envelope FROM outbox_events WHERE type = :type"),
                {"type": MessageStatusChanged.DESCRIPTOR.full_name},
            )
            found = []
            for envelope in envelopes:
                event = MessageStatusChanged()
                envelope_pb2.EventEnvelope.FromString(envelope).payload.Unpack(event)
                if event.complaint_id == complaint_id:
                    kind = notification_pb2.MessageKind.Name(event.kind)
                    found.append((kind, notification_pb2.MessageStatus.Name(event.status)))
    finally:
        await engine.dispose()
    return sorted(found)


async def messages_of(system, tracking_code: str) -> list:
    """The operator's list of the messages about a tracking code (ListMessages)."""
    async with officer_channel(system, "notification") as channel:
        stub = notification_pb2_grpc.NotificationServiceStub(channel)
        reply = await stub.ListMessages(
            notification_pb2.ListMessagesRequest(tracking_code=tracking_code)
        )
        return list(reply.messages)
