"""accounts tokens valid from

Revision ID: 5d7259fd2a93
Revises: 15ba7dd4bf46
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d7259fd2a93"
down_revision: str | None = "15ba7dd4bf46"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A password reset or change: the tokens issued before it are refused.
    op.add_column(
        "accounts", sa.Column("tokens_valid_from", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("accounts", "tokens_valid_from")
