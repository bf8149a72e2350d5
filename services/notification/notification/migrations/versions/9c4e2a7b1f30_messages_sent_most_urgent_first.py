"""messages sent most urgent first: a priority by kind, in the queue's index

Revision ID: 9c4e2a7b1f30
Revises: 9c4e2a7b1d03
Create Date: 2026-11-26 04:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c4e2a7b1f30"
down_revision: str | None = "9c4e2a7b1d03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# notification.domain.SEND_PRIORITY when this revision was written.
_PRIORITY_OF_KIND = """
    CASE kind WHEN 'ONE_TIME_CODE' THEN 0
              WHEN 'COMPLAINT_RECEIVED' THEN 2
              WHEN 'OVERDUE_DIGEST' THEN 2
              ELSE 1 END
"""
_DUE = "status = 'QUEUED' AND recipient IS NOT NULL"


def upgrade() -> None:
    op.add_column("messages", sa.Column("priority", sa.SmallInteger(), nullable=True))
    op.execute(f"UPDATE messages SET priority = {_PRIORITY_OF_KIND}")
    op.alter_column("messages", "priority", nullable=False)
    op.drop_index("messages_due", table_name="messages", postgresql_where=sa.text(_DUE))
    op.create_index(
        "messages_due",
        "messages",
        ["priority", "next_attempt_at"],
        postgresql_where=sa.text(_DUE),
    )


def downgrade() -> None:
    op.drop_index("messages_due", table_name="messages", postgresql_where=sa.text(_DUE))
    op.create_index("messages_due", "messages", ["next_attempt_at"], postgresql_where=sa.text(_DUE))
    op.drop_column("messages", "priority")
