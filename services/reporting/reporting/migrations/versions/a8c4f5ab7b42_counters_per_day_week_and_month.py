"""counters per day, week and month

Revision ID: a8c4f5ab7b42
Revises: 152d4b34fc76
Create Date: 2026-11-26 01:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a8c4f5ab7b42"
down_revision: str | None = "152d4b34fc76"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The week and month of a day, as reporting.periods.span_start cuts them (weeks from Friday).
_ROLL_UPS = {
    "week": "first_day - ((extract(isodow FROM first_day)::int - 5 + 7) % 7)",
    "month": "date_trunc('month', first_day)::date",
}


def upgrade() -> None:
    # The daily counters become the day span; the weeks and months are summed from them.
    op.rename_table("daily_counts", "period_counts")
    op.alter_column("period_counts", "day", new_column_name="first_day")
    op.add_column(
        "period_counts", sa.Column("span", sa.Text(), server_default="day", nullable=False)
    )
    op.alter_column("period_counts", "span", server_default=None)
    op.drop_constraint("daily_counts_pkey", "period_counts", type_="primary")
    op.create_primary_key(
        "period_counts_pkey", "period_counts", ["unit_code", "span", "first_day", "measure", "key"]
    )
    for span, start in _ROLL_UPS.items():
        op.execute(
            f"INSERT INTO period_counts (unit_code, span, first_day, measure, key, n) "
            f"SELECT unit_code, '{span}', {start}, measure, key, sum(n) FROM period_counts "
            f"WHERE span = 'day' GROUP BY unit_code, {start}, measure, key"
        )


def downgrade() -> None:
    op.execute("DELETE FROM period_counts WHERE span <> 'day'")
    op.drop_constraint("period_counts_pkey", "period_counts", type_="primary")
    op.drop_column("period_counts", "span")
    op.alter_column("period_counts", "first_day", new_column_name="day")
    op.rename_table("period_counts", "daily_counts")
    op.create_primary_key(
        "daily_counts_pkey", "daily_counts", ["unit_code", "day", "measure", "key"]
    )
