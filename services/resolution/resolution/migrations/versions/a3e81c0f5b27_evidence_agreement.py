"""evidence agreement: what intake's reading of each file concluded

Revision ID: a3e81c0f5b27
Revises: a41c7e9d2b58
Create Date: 2026-12-08 03:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3e81c0f5b27"
down_revision: str | None = "a41c7e9d2b58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_agreement",
        sa.Column("evidence_id", sa.Uuid(), nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("agrees", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("evidence_id"),
    )
    op.create_index(
        "evidence_agreement_by_complaint", "evidence_agreement", ["complaint_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("evidence_agreement_by_complaint", table_name="evidence_agreement")
    op.drop_table("evidence_agreement")
