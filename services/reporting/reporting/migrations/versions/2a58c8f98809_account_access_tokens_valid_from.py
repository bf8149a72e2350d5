"""account access tokens valid from

Revision ID: 2a58c8f98809
Revises: c41d8e2f7a95
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "2a58c8f98809"
down_revision: str | None = "c41d8e2f7a95"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.add_tokens_valid_from()


def downgrade() -> None:
    shared.drop_tokens_valid_from()
