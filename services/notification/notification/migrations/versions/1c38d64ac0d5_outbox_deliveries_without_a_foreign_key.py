"""outbox deliveries without a foreign key

Revision ID: 1c38d64ac0d5
Revises: d10e2a5abc42
Create Date: 2026-11-26 07:03:35.567207
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "1c38d64ac0d5"
down_revision: str | None = "d10e2a5abc42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.drop_outbox_deliveries_foreign_key()


def downgrade() -> None:
    shared.restore_outbox_deliveries_foreign_key()
