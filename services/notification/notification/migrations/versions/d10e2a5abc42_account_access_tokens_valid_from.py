"""account access tokens valid from

Revision ID: d10e2a5abc42
Revises: dc5362f8e11d
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "d10e2a5abc42"
down_revision: str | None = "dc5362f8e11d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.add_tokens_valid_from()


def downgrade() -> None:
    shared.drop_tokens_valid_from()
