"""access audit: every officer's read of the citizens' data, append-only

Revision ID: a3f1c9d27e60
Revises: a3e81c0f5b27
Create Date: 2026-12-08 02:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3f1c9d27e60"
down_revision: str | None = "a3e81c0f5b27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_audit",
        sa.Column("entry_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("evidence_id", sa.Text(), server_default="", nullable=False),
        sa.Column("client_address", sa.Text(), server_default="", nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    op.create_index("access_audit_by_actor", "access_audit", ["actor", "entry_id"])
    op.create_index("access_audit_by_case", "access_audit", ["case_id", "entry_id"])
    op.create_index("access_audit_by_citizen", "access_audit", ["citizen_id", "entry_id"])
    op.create_index("access_audit_by_time", "access_audit", ["at"])
    # Append-only, whoever connects (the service's role owns the table, so a REVOKE would not
    # hold it): an entry is never changed nor removed.
    op.execute(
        "CREATE FUNCTION access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN RAISE EXCEPTION 'the access audit is append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER access_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE"
        " ON access_audit FOR EACH STATEMENT EXECUTE FUNCTION access_audit_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER access_audit_append_only ON access_audit")
    op.execute("DROP FUNCTION access_audit_append_only()")
    op.drop_index("access_audit_by_time", table_name="access_audit")
    op.drop_index("access_audit_by_citizen", table_name="access_audit")
    op.drop_index("access_audit_by_case", table_name="access_audit")
    op.drop_index("access_audit_by_actor", table_name="access_audit")
    op.drop_table("access_audit")
