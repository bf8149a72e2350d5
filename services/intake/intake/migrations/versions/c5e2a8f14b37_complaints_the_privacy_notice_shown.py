"""complaints: the privacy notice their sender was shown

Revision ID: c5e2a8f14b37
Revises: 5d0c7e2f9a41
Create Date: 2026-12-08 02:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c5e2a8f14b37"
down_revision: str | None = "5d0c7e2f9a41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("complaints", sa.Column("privacy_notice_version", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("complaints", "privacy_notice_version")
