"""accounts resolution disabled

Revision ID: 0ece4d43286c
Revises: 8b074fabd595
Create Date: 2026-11-26 04:10:51.844726
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "0ece4d43286c"
down_revision: str | None = "8b074fabd595"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.create_account_access()


def downgrade() -> None:
    shared.drop_account_access()
