"""accounts resolution disabled

Revision ID: 57f30b716fed
Revises: e5d07c4b9a11
Create Date: 2026-11-26 04:10:41.470592
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "57f30b716fed"
down_revision: str | None = "e5d07c4b9a11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.create_account_access()


def downgrade() -> None:
    shared.drop_account_access()
