"""account access tokens valid from

Revision ID: d10e2a5abc42
Revises: dc5362f8e11d
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d10e2a5abc42"
down_revision: str | None = "dc5362f8e11d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A password reset or change: the tokens issued before it are refused.
    op.add_column(
        "account_access", sa.Column("tokens_valid_from", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("account_access", "tokens_valid_from")
