"""accounts resolution disabled

Revision ID: dc5362f8e11d
Revises: 9c4e2a7b1f30
Create Date: 2026-11-26 04:10:48.858734
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "dc5362f8e11d"
down_revision: str | None = "9c4e2a7b1f30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.create_account_access()


def downgrade() -> None:
    shared.drop_account_access()
