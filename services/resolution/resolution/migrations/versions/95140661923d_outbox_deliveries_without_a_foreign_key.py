"""outbox deliveries without a foreign key

Revision ID: 95140661923d
Revises: 5d7259fd2a93
Create Date: 2026-11-26 07:03:31.319233
"""

from collections.abc import Sequence

from alembic import op

revision: str = "95140661923d"
down_revision: str | None = "5d7259fd2a93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The key's check, a trigger per delivery, cost more than the row: the outbox writes an
    # event and its deliveries in one statement and deletes them together.
    op.drop_constraint("outbox_deliveries_event_id_fkey", "outbox_deliveries", type_="foreignkey")


def downgrade() -> None:
    op.create_foreign_key(
        "outbox_deliveries_event_id_fkey",
        "outbox_deliveries",
        "outbox_events",
        ["event_id"],
        ["event_id"],
    )
