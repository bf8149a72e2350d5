"""account access tokens valid from

Revision ID: 2a58c8f98809
Revises: c41d8e2f7a95
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2a58c8f98809"
down_revision: str | None = "c41d8e2f7a95"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A password reset or change: the tokens issued before it are refused.
    op.add_column(
        "account_access", sa.Column("tokens_valid_from", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("account_access", "tokens_valid_from")
