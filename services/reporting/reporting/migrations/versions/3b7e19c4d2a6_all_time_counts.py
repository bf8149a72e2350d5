"""all-time counts: one period_counts row per unit, span 'all'

Revision ID: 3b7e19c4d2a6
Revises: 57f30b716fed
Create Date: 2026-11-26 04:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3b7e19c4d2a6"
down_revision: str | None = "57f30b716fed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The months hold every day once: their sum per unit is all time (no rebuild needed).
    op.execute(
        "INSERT INTO period_counts (unit_code, span, first_day, counts)"
        " SELECT unit_code, 'all', DATE '1900-01-01', jsonb_object_agg(key, n) FROM ("
        "  SELECT unit_code, c.key, sum(c.value::bigint) AS n"
        "  FROM period_counts, jsonb_each_text(counts) AS c WHERE span = 'month'"
        "  GROUP BY unit_code, c.key HAVING sum(c.value::bigint) <> 0) AS summed"
        " GROUP BY unit_code"
    )


def downgrade() -> None:
    op.execute("DELETE FROM period_counts WHERE span = 'all'")
