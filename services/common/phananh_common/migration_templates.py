"""The tables every service has in the same shape (the outbox, the inbox, what resolution said
of each account), created by each service's own Alembic history through these functions, so
that the shape is written once. A migration that changes one of these tables for every
service adds a pair here and calls it from each history."""

import sqlalchemy as sa
from alembic import op

_PENDING = sa.text("delivered_at IS NULL")


def create_outbox() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("envelope", sa.LargeBinary(), nullable=False),
        sa.Column("traceparent", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_table(
        "outbox_deliveries",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["outbox_events.event_id"]),
        sa.PrimaryKeyConstraint("event_id", "consumer"),
    )
    op.create_index(
        "outbox_deliveries_pending",
        "outbox_deliveries",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=_PENDING,
    )


def drop_outbox() -> None:
    op.drop_index(
        "outbox_deliveries_pending", table_name="outbox_deliveries", postgresql_where=_PENDING
    )
    op.drop_table("outbox_deliveries")
    op.drop_table("outbox_events")


def drop_outbox_deliveries_foreign_key() -> None:
    # The key's check, a trigger per delivery, cost more than the row: the outbox writes an
    # event and its deliveries in one statement and deletes them together.
    op.drop_constraint("outbox_deliveries_event_id_fkey", "outbox_deliveries", type_="foreignkey")


def restore_outbox_deliveries_foreign_key() -> None:
    op.create_foreign_key(
        "outbox_deliveries_event_id_fkey",
        "outbox_deliveries",
        "outbox_events",
        ["event_id"],
        ["event_id"],
    )


def create_inbox() -> None:
    op.create_table(
        "inbox_events",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("producer", sa.Text(), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )


def drop_inbox() -> None:
    op.drop_table("inbox_events")


def create_account_access() -> None:
    op.create_table(
        "account_access",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id"),
    )


def drop_account_access() -> None:
    op.drop_table("account_access")


def add_tokens_valid_from() -> None:
    # A password reset or change: the tokens issued before it are refused.
    op.add_column(
        "account_access", sa.Column("tokens_valid_from", sa.DateTime(timezone=True), nullable=True)
    )


def drop_tokens_valid_from() -> None:
    op.drop_column("account_access", "tokens_valid_from")
