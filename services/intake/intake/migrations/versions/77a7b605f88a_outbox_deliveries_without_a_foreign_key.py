"""outbox deliveries without a foreign key

Revision ID: 77a7b605f88a
Revises: cb2574149a35
Create Date: 2026-11-26 07:03:26.199761
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "77a7b605f88a"
down_revision: str | None = "cb2574149a35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.drop_outbox_deliveries_foreign_key()


def downgrade() -> None:
    shared.restore_outbox_deliveries_foreign_key()
