"""evidence checks: sharpness at the upload, the text read later

Revision ID: 5d0c7e2f9a41
Revises: 48a89b75c73e
Create Date: 2026-12-08 02:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5d0c7e2f9a41"
down_revision: str | None = "48a89b75c73e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("evidence", sa.Column("sharpness", sa.Float(), nullable=True))
    op.add_column("evidence", sa.Column("blurry", sa.Boolean(), nullable=True))
    op.add_column(
        "evidence",
        sa.Column("check_status", sa.Text(), server_default="PENDING", nullable=False),
    )
    op.add_column(
        "evidence",
        sa.Column("check_attempts", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "evidence",
        sa.Column(
            "check_due_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    op.add_column(
        "evidence", sa.Column("checks", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.create_index(
        "evidence_checks_due",
        "evidence",
        ["check_due_at"],
        unique=False,
        postgresql_where=sa.text("check_status = 'PENDING'"),
    )


def downgrade() -> None:
    op.drop_index(
        "evidence_checks_due",
        table_name="evidence",
        postgresql_where=sa.text("check_status = 'PENDING'"),
    )
    for column in (
        "checks",
        "check_due_at",
        "check_attempts",
        "check_status",
        "blurry",
        "sharpness",
    ):
        op.drop_column("evidence", column)
