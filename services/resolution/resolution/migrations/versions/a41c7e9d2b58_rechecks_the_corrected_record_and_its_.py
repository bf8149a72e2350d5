"""rechecks: the corrected record and the changes to the facility's doses; digests count
overdue re-checks

Revision ID: a41c7e9d2b58
Revises: 5fac46bb4aa5
Create Date: 2026-12-08 02:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "a41c7e9d2b58"
down_revision: str | None = "5fac46bb4aa5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rechecks", sa.Column("citizen_id", sa.Uuid(), nullable=True))
    op.add_column(
        "rechecks",
        sa.Column(
            "changes", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False
        ),
    )
    op.add_column(
        "overdue_digests",
        sa.Column("overdue_rechecks", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("overdue_digests", "overdue_rechecks")
    op.drop_column("rechecks", "changes")
    op.drop_column("rechecks", "citizen_id")
