"""Notification's tables: messages to citizens and their delivery queue, the providers'
delivery reports, the citizens' phones by complaint, and the pushes of corrected records to
the health book."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from notification.store.queue import queue_columns

metadata = MetaData()

messages = Table(
    "messages",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    # Empty for one-time codes.
    Column("tracking_code", Text, nullable=False),
    Column("complaint_id", Text),
    # E.164; NULL while the complaint's own event has not arrived.
    Column("recipient", Text),
    Column("text", Text, nullable=False),
    Column("encoding", Text, nullable=False),
    Column("segments", Integer, nullable=False),
    # A one-time code is not sent after this.
    Column("not_after", DateTime(timezone=True)),
    Column("provider_message_id", Text),
    Column("delivered_at", DateTime(timezone=True)),
    # What the message is sent once for: its event (a citizen's messages), or the officer and
    # day (a digest, whatever events ask for it).
    Column("once_key", Text, nullable=False),
    # The trace of the event that made the message: its sending joins that trace.
    Column("traceparent", Text),
    # domain.SEND_PRIORITY of its kind.
    Column("priority", SmallInteger, nullable=False),
    *queue_columns(),
    # One message per kind and occasion, whatever the redeliveries.
    UniqueConstraint("kind", "once_key"),
    Index(
        "messages_due",
        "priority",
        "next_attempt_at",
        postgresql_where=text("status = 'QUEUED' AND recipient IS NOT NULL"),
    ),
    Index("messages_waiting_recipient", "complaint_id", postgresql_where=text("recipient IS NULL")),
    Index("messages_tracking_code", "tracking_code"),
    # An SMPP receipt names the message by the SMSC's id only.
    Index(
        "messages_provider_message_id",
        "provider_message_id",
        postgresql_where=text("provider_message_id IS NOT NULL"),
    ),
    Index("messages_dead", "created_at", postgresql_where=text("status IN ('DEAD', 'FAILED')")),
)

# Delivery reports as the provider sent them, until the dispatcher applies them to their
# messages: the listener only adds a row, so a report never waits for the lock of a message
# whose sending batch is still open.
delivery_reports = Table(
    "delivery_reports",
    metadata,
    Column("report_id", BigInteger, Identity(), primary_key=True),
    Column("message_id", Uuid, nullable=False, index=True),
    # The final status it reports (DELIVERED, FAILED); NULL for an intermediate report.
    Column("status", Text),
    Column("provider_message_id", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The citizen's phone for each complaint, from ComplaintSubmitted: outcome messages go there.
recipients = Table(
    "recipients",
    metadata,
    Column("complaint_id", Text, primary_key=True),
    Column("phone", Text, nullable=False),
)

# One push per registry change: its transaction Bundle, pushed in order per citizen.
healthbook_syncs = Table(
    "healthbook_syncs",
    metadata,
    Column("sync_id", Uuid, primary_key=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("tracking_code", Text, nullable=False),
    # The record the change is about, and the change's place among the record's.
    Column("citizen_id", Text, nullable=False, server_default=""),
    Column("sequence", BigInteger, nullable=False, server_default="0"),
    # The FHIR transaction Bundle as validated when the event arrived.
    Column("resource", JSONB, nullable=False),
    Column("http_status", Integer),
    # Where the health book keeps the Bundle's answer (its Location header).
    Column("location", Text),
    # The health book's OperationOutcome when it refused the Bundle.
    Column("operation_outcome", JSONB),
    *queue_columns(),
    Index("healthbook_syncs_due", "next_attempt_at", postgresql_where=text("status = 'QUEUED'")),
    Index(
        "healthbook_syncs_in_order",
        "citizen_id",
        "sequence",
        postgresql_where=text("status = 'QUEUED'"),
    ),
)
