"""Reporting's tables: one fact row per complaint, projected from events, and counters summed
from the facts per day, week, month and all time, so that a report reads one row per unit for
all time, or whole months, whole weeks and a few days: a few rows per unit, not every
complaint. And the districts' weekly reports."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Sequence,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from phananh_common import statuses
from phananh_common.inbox import inbox_events

metadata = MetaData()

# The complaints not closed yet.
OPEN = text(f"status NOT IN ({', '.join(repr(s) for s in statuses.CLOSED)})")

complaint_facts = Table(
    "complaint_facts",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    # From the complaint's event; null until it arrives.
    Column("category", Text),
    Column("province_code", Text),
    Column("district_code", Text),
    Column("commune_code", Text),
    Column("submitted_at", DateTime(timezone=True)),
    # From the case's events; the highest version wins.
    Column("status", Text, nullable=False, server_default="RECEIVED"),
    Column("unit_code", Text),
    Column("case_version", BigInteger, nullable=False, server_default="0"),
    Column("decided_at", DateTime(timezone=True)),
    Column("reason_code", Text),
    # The case's deadline; the policy's, from the submission, until the case arrives.
    Column("due_at", DateTime(timezone=True)),
    # From notification's events: the outcome SMS's status, the newest change winning.
    Column("outcome_sms_status", Text),
    Column("outcome_sms_at", DateTime(timezone=True)),
    # The handling unit and those above it (derived): the complaint counts in each.
    Column("handling_units", ARRAY(Text), nullable=False, server_default="{}"),
    Index("complaint_facts_open_due", "due_at", postgresql_where=OPEN),
)

# Sums of domain.figures.daily() over the facts, per span (periods.SPANS: day, week, month,
# all time): one row per unit and span holds all its counts, {"measure:key": n}, so that a
# period reads a few rows per unit (all time, or its months, weeks and edge days), however many
# keys they have.
period_counts = Table(
    "period_counts",
    metadata,
    Column("unit_code", Text, nullable=False),
    Column("span", Text, nullable=False),
    Column("first_day", Date, nullable=False),
    Column("counts", JSONB, nullable=False),
    PrimaryKeyConstraint("unit_code", "span", "first_day"),
)
KEY_SEPARATOR = ":"  # between the measure and the key in a count's name

# Sums of domain.figures.open_stock() over the facts: the complaints open now, per unit.
open_counts = Table(
    "open_counts",
    metadata,
    Column("unit_code", Text, nullable=False),
    Column("submitted_day", Date, nullable=False),
    Column("due_day", Date, nullable=False),
    Column("needs_info", Boolean, nullable=False),
    Column("n", BigInteger, nullable=False),
    PrimaryKeyConstraint("unit_code", "submitted_day", "due_day", "needs_info"),
)

# The last change to each district's counters (its own or its communes'), numbered from a
# sequence that never repeats, not even after a rebuild has emptied the table.
counter_change_ids = Sequence("counter_change_ids", metadata=metadata)
counter_changes = Table(
    "counter_changes",
    metadata,
    Column("unit_code", Text, primary_key=True),
    Column("change", BigInteger, nullable=False),
)

# The districts' weekly reports: the figures as last generated, or as sent to the province.
# Not a projection: a rebuild keeps them. A draft is current, and read as stored, while its
# district's last counter change is the one it was generated after (`counters_change`) and no
# open complaint of the district fell due since `current_at` (overdue moves with the clock).
weekly_reports = Table(
    "weekly_reports",
    metadata,
    Column("unit_code", Text, nullable=False),
    Column("week", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("figures", JSONB, nullable=False),
    Column("generated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("note", Text, nullable=False, server_default=""),
    Column("counters_change", BigInteger),
    Column("current_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("unit_code", "week"),
)

# What a rebuild empties: everything the events made (the inbox too, so they apply again).
PROJECTION_TABLES = (complaint_facts, period_counts, open_counts, counter_changes, inbox_events)
