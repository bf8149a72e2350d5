"""cases: searched by the citizen's name, phone and identity number

Revision ID: a1c3e5f7b9d2
Revises: a3f1c9d27e60
Create Date: 2026-12-08 02:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from phananh.types.v1 import types_pb2
from phananh_common.people import fold

revision: str = "a1c3e5f7b9d2"
down_revision: str | None = "a3f1c9d27e60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Cases filled in at a time: the complaint is read from its stored bytes.
BATCH = 1000


def upgrade() -> None:
    for name in ("citizen_name_folded", "citizen_phone", "citizen_national_id"):
        op.add_column("cases", sa.Column(name, sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    after = None
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT case_id, complaint FROM cases"
                + (" WHERE case_id > :after" if after else "")
                + " ORDER BY case_id LIMIT :n"
            ),
            {"after": after, "n": BATCH} if after else {"n": BATCH},
        ).all()
        if not rows:
            break
        for case_id, complaint in rows:
            citizen = types_pb2.Complaint.FromString(complaint).citizen
            conn.execute(
                sa.text(
                    "UPDATE cases SET citizen_name_folded = :name, citizen_phone = :phone,"
                    " citizen_national_id = :national_id WHERE case_id = :case_id"
                ),
                {
                    "name": fold(citizen.full_name),
                    "phone": citizen.phone,
                    "national_id": citizen.national_id,
                    "case_id": case_id,
                },
            )
        after = rows[-1][0]
    op.create_index("cases_by_citizen_phone", "cases", ["citizen_phone"])
    op.create_index("cases_by_citizen_national_id", "cases", ["citizen_national_id"])


def downgrade() -> None:
    op.drop_index("cases_by_citizen_national_id", table_name="cases")
    op.drop_index("cases_by_citizen_phone", table_name="cases")
    for name in ("citizen_national_id", "citizen_phone", "citizen_name_folded"):
        op.drop_column("cases", name)
