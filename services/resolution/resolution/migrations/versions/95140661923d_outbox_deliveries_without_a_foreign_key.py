"""outbox deliveries without a foreign key

Revision ID: 95140661923d
Revises: 5d7259fd2a93
Create Date: 2026-11-26 07:03:31.319233
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "95140661923d"
down_revision: str | None = "5d7259fd2a93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.drop_outbox_deliveries_foreign_key()


def downgrade() -> None:
    shared.restore_outbox_deliveries_foreign_key()
