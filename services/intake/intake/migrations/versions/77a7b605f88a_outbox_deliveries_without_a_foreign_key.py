"""outbox deliveries without a foreign key

Revision ID: 77a7b605f88a
Revises: cb2574149a35
Create Date: 2026-11-26 07:03:26.199761
"""

from collections.abc import Sequence

from alembic import op

revision: str = "77a7b605f88a"
down_revision: str | None = "cb2574149a35"
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
