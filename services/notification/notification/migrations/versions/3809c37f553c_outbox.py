"""outbox: the messages' statuses for reporting

Revision ID: 3809c37f553c
Revises: 706277727e09
Create Date: 2026-11-26 01:22:56.195923
"""

from collections.abc import Sequence

from phananh_common import migration_templates as shared

revision: str = "3809c37f553c"
down_revision: str | None = "706277727e09"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared.create_outbox()


def downgrade() -> None:
    shared.drop_outbox()
