"""messages sent once per kind and occasion

Revision ID: ac7063cf7d1c
Revises: 5216bcc04469
Create Date: 2026-11-26 00:48:55.246925
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ac7063cf7d1c"
down_revision: str | None = "5216bcc04469"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The messages so far were each sent once for their event.
    op.add_column("messages", sa.Column("once_key", sa.Text(), nullable=True))
    op.execute("UPDATE messages SET once_key = event_id::text")
    op.alter_column("messages", "once_key", nullable=False)
    op.drop_constraint("messages_event_id_kind_key", "messages", type_="unique")
    op.create_unique_constraint("messages_kind_once_key_key", "messages", ["kind", "once_key"])


def downgrade() -> None:
    op.drop_constraint("messages_kind_once_key_key", "messages", type_="unique")
    op.create_unique_constraint("messages_event_id_kind_key", "messages", ["event_id", "kind"])
    op.drop_column("messages", "once_key")
