"""weekly drafts read as stored while current: counter_changes, counters_change, current_at

Revision ID: c41d8e2f7a95
Revises: 3b7e19c4d2a6
Create Date: 2026-11-26 04:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c41d8e2f7a95"
down_revision: str | None = "3b7e19c4d2a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Drafts stored before have no current_at: each is generated again at its first read.
    op.execute(sa.schema.CreateSequence(sa.Sequence("counter_change_ids")))
    op.create_table(
        "counter_changes",
        sa.Column("unit_code", sa.Text(), nullable=False),
        sa.Column("change", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code"),
    )
    op.add_column("weekly_reports", sa.Column("counters_change", sa.BigInteger(), nullable=True))
    op.add_column(
        "weekly_reports", sa.Column("current_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("weekly_reports", "current_at")
    op.drop_column("weekly_reports", "counters_change")
    op.drop_table("counter_changes")
    op.execute(sa.schema.DropSequence(sa.Sequence("counter_change_ids")))
