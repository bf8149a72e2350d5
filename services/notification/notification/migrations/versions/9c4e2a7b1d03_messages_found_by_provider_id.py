"""messages found by the provider's id (SMPP receipts)

Revision ID: 9c4e2a7b1d03
Revises: 5b1e0c7d9a24
Create Date: 2026-11-26 04:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c4e2a7b1d03"
down_revision: str | None = "5b1e0c7d9a24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "messages_provider_message_id",
        "messages",
        ["provider_message_id"],
        unique=False,
        postgresql_where=sa.text("provider_message_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "messages_provider_message_id",
        table_name="messages",
        postgresql_where=sa.text("provider_message_id IS NOT NULL"),
    )
