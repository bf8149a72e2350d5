"""outbox: the messages' statuses for reporting

Revision ID: 3809c37f553c
Revises: 706277727e09
Create Date: 2026-11-26 01:22:56.195923
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3809c37f553c"
down_revision: str | None = "706277727e09"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("envelope", sa.LargeBinary(), nullable=False),
        sa.Column("traceparent", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_table(
        "outbox_deliveries",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_events.event_id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "consumer"),
    )
    op.create_index(
        "outbox_deliveries_pending",
        "outbox_deliveries",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("delivered_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "outbox_deliveries_pending",
        table_name="outbox_deliveries",
        postgresql_where=sa.text("delivered_at IS NULL"),
    )
    op.drop_table("outbox_deliveries")
    op.drop_table("outbox_events")
