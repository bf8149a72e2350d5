"""health book: one transaction Bundle per registry change, pushed in order per citizen

Revision ID: 4f1b7c2d9e60
Revises: 1c38d64ac0d5
Create Date: 2026-12-08 02:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "4f1b7c2d9e60"
down_revision: str | None = "1c38d64ac0d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A push queued before: its Immunization as a one-entry transaction Bundle (the pusher now
# posts Bundles), a conditional update on the dose's identifier.
_AS_BUNDLE = """
UPDATE healthbook_syncs SET resource = jsonb_build_object(
    'resourceType', 'Bundle', 'type', 'transaction', 'entry', jsonb_build_array(
        jsonb_build_object('resource', resource, 'request', jsonb_build_object(
            'method', 'PUT', 'url', 'Immunization?identifier='
                || (resource -> 'identifier' -> 0 ->> 'system') || '|' || dose_id))))
"""


def upgrade() -> None:
    op.execute(_AS_BUNDLE)
    op.add_column(
        "healthbook_syncs",
        sa.Column("citizen_id", sa.Text(), server_default="", nullable=False),
    )
    op.add_column(
        "healthbook_syncs",
        sa.Column("sequence", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "healthbook_syncs",
        sa.Column("operation_outcome", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.execute(
        "UPDATE healthbook_syncs SET citizen_id = "
        "resource -> 'entry' -> 0 -> 'resource' -> 'patient' -> 'identifier' ->> 'value'"
    )
    op.drop_constraint("healthbook_syncs_event_id_dose_id_key", "healthbook_syncs")
    op.drop_column("healthbook_syncs", "dose_id")
    op.create_unique_constraint(None, "healthbook_syncs", ["event_id"])
    op.create_index(
        "healthbook_syncs_in_order",
        "healthbook_syncs",
        ["citizen_id", "sequence"],
        unique=False,
        postgresql_where=sa.text("status = 'QUEUED'"),
    )


def downgrade() -> None:
    op.drop_index(
        "healthbook_syncs_in_order",
        table_name="healthbook_syncs",
        postgresql_where=sa.text("status = 'QUEUED'"),
    )
    op.drop_constraint("healthbook_syncs_event_id_key", "healthbook_syncs")
    op.add_column(
        "healthbook_syncs", sa.Column("dose_id", sa.Text(), server_default="", nullable=False)
    )
    op.create_unique_constraint(None, "healthbook_syncs", ["event_id", "dose_id"])
    op.drop_column("healthbook_syncs", "operation_outcome")
    op.drop_column("healthbook_syncs", "sequence")
    op.drop_column("healthbook_syncs", "citizen_id")
