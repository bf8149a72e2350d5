"""messages keep the trace of the event that made them

Revision ID: 5b1e0c7d9a24
Revises: 3809c37f553c
Create Date: 2026-11-26 02:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b1e0c7d9a24"
down_revision: str | None = "3809c37f553c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("messages", sa.Column("traceparent", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("messages", "traceparent")
