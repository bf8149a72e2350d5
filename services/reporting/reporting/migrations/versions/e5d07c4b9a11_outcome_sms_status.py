"""the outcome SMS's status on each complaint

Revision ID: e5d07c4b9a11
Revises: a8c4f5ab7b42
Create Date: 2026-11-26 01:35:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5d07c4b9a11"
down_revision: str | None = "a8c4f5ab7b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Notification publishes the statuses from this release on; earlier SMS are not counted.
    op.add_column("complaint_facts", sa.Column("outcome_sms_status", sa.Text(), nullable=True))
    op.add_column(
        "complaint_facts",
        sa.Column("outcome_sms_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("complaint_facts", "outcome_sms_at")
    op.drop_column("complaint_facts", "outcome_sms_status")
