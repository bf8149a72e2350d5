"""counters per day, week and month

Revision ID: a8c4f5ab7b42
Revises: 152d4b34fc76
Create Date: 2026-11-26 01:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "a8c4f5ab7b42"
down_revision: str | None = "152d4b34fc76"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first day of a day's span, as reporting.domain.periods.span_start cuts them (weeks from Friday).
_SPAN_STARTS = {
    "day": "day",
    "week": "day - ((extract(isodow FROM day)::int - 5 + 7) % 7)",
    "month": "date_trunc('month', day)::date",
}


def upgrade() -> None:
    op.create_table(
        "period_counts",
        sa.Column("unit_code", sa.Text(), nullable=False),
        sa.Column("span", sa.Text(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "span", "first_day"),
    )
    # The daily counters, summed into each span: no rebuild needed.
    spans = " UNION ALL ".join(
        f"SELECT unit_code, '{span}' AS span, {start} AS first_day, measure, key, n"
        f" FROM daily_counts"
        for span, start in _SPAN_STARTS.items()
    )
    op.execute(
        "INSERT INTO period_counts (unit_code, span, first_day, counts)"
        " SELECT unit_code, span, first_day, jsonb_object_agg(measure || ':' || key, n) FROM ("
        f"  SELECT unit_code, span, first_day, measure, key, sum(n) AS n FROM ({spans}) AS spans"
        "   GROUP BY unit_code, span, first_day, measure, key HAVING sum(n) <> 0) AS summed"
        " GROUP BY unit_code, span, first_day"
    )
    op.drop_table("daily_counts")


def downgrade() -> None:
    op.create_table(
        "daily_counts",
        sa.Column("unit_code", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "day", "measure", "key"),
    )
    op.execute(
        "INSERT INTO daily_counts (unit_code, day, measure, key, n)"
        " SELECT unit_code, first_day, split_part(c.key, ':', 1),"
        "  substr(c.key, length(split_part(c.key, ':', 1)) + 2), c.value::bigint"
        " FROM period_counts, jsonb_each_text(counts) AS c WHERE span = 'day'"
    )
    op.drop_table("period_counts")
