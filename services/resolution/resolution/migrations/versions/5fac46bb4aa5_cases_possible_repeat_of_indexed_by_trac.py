"""cases: possible repeat of, indexed by tracking code

Revision ID: 5fac46bb4aa5
Revises: 6b4ca7b6ec12
Create Date: 2026-12-08 00:59:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5fac46bb4aa5"
down_revision: str | None = "6b4ca7b6ec12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("possible_repeat_of", sa.Text(), nullable=True))
    op.create_index("cases_by_tracking_code", "cases", ["tracking_code"], unique=False)


def downgrade() -> None:
    op.drop_index("cases_by_tracking_code", table_name="cases")
    op.drop_column("cases", "possible_repeat_of")
