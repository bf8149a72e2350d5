"""complaints: one open per person, category and phone

Revision ID: 48a89b75c73e
Revises: 77a7b605f88a
Create Date: 2026-12-08 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "48a89b75c73e"
down_revision: str | None = "77a7b605f88a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status NOT IN ('RESOLVED', 'REJECTED', 'DUPLICATE')")
PER_PERSON_AND_CATEGORY = "complaints_one_open_per_person_and_category"
PER_PERSON_CATEGORY_AND_PHONE = "complaints_one_open_per_person_category_and_phone"


def _replace(index: str, by: str, columns: list[str]) -> None:
    op.drop_index(index, table_name="complaints", postgresql_where=OPEN)
    op.create_index(by, "complaints", columns, unique=True, postgresql_where=OPEN)


def upgrade() -> None:
    # A repeat from another phone is a complaint of its own: the person may have two open.
    _replace(
        PER_PERSON_AND_CATEGORY, PER_PERSON_CATEGORY_AND_PHONE, ["person_key", "category", "phone"]
    )


def downgrade() -> None:
    # Fails while a person has open complaints of one category from two phones: those must be
    # closed (one marked duplicate of the other) first.
    _replace(PER_PERSON_CATEGORY_AND_PHONE, PER_PERSON_AND_CATEGORY, ["person_key", "category"])
