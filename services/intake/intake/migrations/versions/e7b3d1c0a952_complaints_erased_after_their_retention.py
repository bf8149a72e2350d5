"""complaints erased after their retention, and the erasures recorded

Revision ID: e7b3d1c0a952
Revises: c5e2a8f14b37
Create Date: 2026-12-08 03:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7b3d1c0a952"
down_revision: str | None = "c5e2a8f14b37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("complaints", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("complaints", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    # Complaints closed before this revision: from their latest decision.
    op.execute(
        "UPDATE complaints SET closed_at = (outcome->>'decided_at')::timestamptz"
        " WHERE status IN ('RESOLVED', 'REJECTED', 'DUPLICATE') AND outcome IS NOT NULL"
    )
    op.create_index(
        "complaints_to_erase",
        "complaints",
        ["closed_at"],
        postgresql_where=sa.text("closed_at IS NOT NULL AND erased_at IS NULL"),
    )
    op.create_table(
        "erasures",
        sa.Column("erasure_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tracking_code", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), server_default="", nullable=False),
        sa.Column("client_address", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("erasure_id"),
    )
    op.create_index("erasures_by_code", "erasures", ["tracking_code"])


def downgrade() -> None:
    op.drop_index("erasures_by_code", table_name="erasures")
    op.drop_table("erasures")
    op.drop_index("complaints_to_erase", table_name="complaints")
    op.drop_column("complaints", "erased_at")
    op.drop_column("complaints", "closed_at")
