"""account access tokens valid from

Revision ID: cb2574149a35
Revises: 0ece4d43286c
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "cb2574149a35"
down_revision: str | None = "0ece4d43286c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.add_tokens_valid_from()


def downgrade() -> None:
    shared.drop_tokens_valid_from()
