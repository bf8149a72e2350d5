"""report counters, weekly reports

Revision ID: 152d4b34fc76
Revises: 98f88301d289
Create Date: 2026-11-25 22:20:32.594571
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "152d4b34fc76"
down_revision: str | None = "98f88301d289"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Facts projected before this revision have no counters yet: rebuild the projection
    # afterwards (`python -m reporting.rebuild`, see the README).
    op.create_table(
        "daily_counts",
        sa.Column("unit_code", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "day", "measure", "key"),
    )
    op.create_table(
        "open_counts",
        sa.Column("unit_code", sa.Text(), nullable=False),
        sa.Column("submitted_day", sa.Date(), nullable=False),
        sa.Column("due_day", sa.Date(), nullable=False),
        sa.Column("needs_info", sa.Boolean(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "submitted_day", "due_day", "needs_info"),
    )
    op.create_table(
        "weekly_reports",
        sa.Column("unit_code", sa.Text(), nullable=False),
        sa.Column("week", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("figures", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "week"),
    )
    op.add_column(
        "complaint_facts", sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("complaint_facts", sa.Column("reason_code", sa.Text(), nullable=True))
    op.add_column("complaint_facts", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "complaint_facts",
        sa.Column(
            "handling_units", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
    )
    op.drop_index(op.f("complaint_facts_district"), table_name="complaint_facts")
    op.create_index(
        "complaint_facts_open_due",
        "complaint_facts",
        ["due_at"],
        unique=False,
        postgresql_where=sa.text("status NOT IN ('RESOLVED', 'REJECTED', 'DUPLICATE')"),
    )


def downgrade() -> None:
    op.drop_index(
        "complaint_facts_open_due",
        table_name="complaint_facts",
        postgresql_where=sa.text("status NOT IN ('RESOLVED', 'REJECTED', 'DUPLICATE')"),
    )
    op.create_index(
        op.f("complaint_facts_district"),
        "complaint_facts",
        ["district_code", "status"],
        unique=False,
    )
    op.drop_column("complaint_facts", "handling_units")
    op.drop_column("complaint_facts", "due_at")
    op.drop_column("complaint_facts", "reason_code")
    op.drop_column("complaint_facts", "decided_at")
    op.drop_table("weekly_reports")
    op.drop_table("open_counts")
    op.drop_table("daily_counts")
