"""Notification's tables and queries: messages to citizens."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, DateTime, MetaData, Table, Text, UniqueConstraint, Uuid, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

metadata = MetaData()

messages = Table(
    "messages",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("tracking_code", Text, nullable=False),
    Column("recipient", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # One message per event and kind, whatever the redeliveries.
    UniqueConstraint("event_id", "kind"),
)


@dataclass(frozen=True)
class MessageRow:
    message_id: uuid.UUID
    tracking_code: str
    kind: str
    status: str
    event_id: uuid.UUID
    created_at: datetime


class NotificationStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    @staticmethod
    async def queue(conn: AsyncConnection, row: dict) -> None:
        await conn.execute(insert(messages).values(row).on_conflict_do_nothing())

    async def for_tracking_code(self, tracking_code: str) -> list[MessageRow]:
        query = (
            select(
                messages.c.message_id,
                messages.c.tracking_code,
                messages.c.kind,
                messages.c.status,
                messages.c.event_id,
                messages.c.created_at,
            )
            .where(messages.c.tracking_code == tracking_code)
            .order_by(messages.c.created_at)
        )
        async with self.engine.connect() as conn:
            return [MessageRow(*row) for row in await conn.execute(query)]
