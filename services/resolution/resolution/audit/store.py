"""The access audit's table: written append-only (a trigger refuses any change or removal, the
service's own role included), read by the province's admins."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    Table,
    Text,
    Uuid,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.audit.domain import AccessEntry, AccessQuery, Read, Reader

metadata = MetaData()

access_audit = Table(
    "access_audit",
    metadata,
    Column("entry_id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("case_id", Uuid),
    Column("citizen_id", Uuid),
    Column("evidence_id", Text, nullable=False, server_default=""),
    Column("client_address", Text, nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default=""),
    Index("access_audit_by_actor", "actor", "entry_id"),
    Index("access_audit_by_case", "case_id", "entry_id"),
    Index("access_audit_by_citizen", "citizen_id", "entry_id"),
    Index("access_audit_by_time", "at"),
)


async def record(conn: AsyncConnection, at: datetime, reader: Reader, reads: list[Read]) -> None:
    if not reads:
        return
    await conn.execute(
        access_audit.insert(),
        [
            {
                "at": at,
                "actor": reader.principal.username,
                "role": reader.principal.role,
                "action": r.action,
                "case_id": r.case_id,
                "citizen_id": r.citizen_id,
                "evidence_id": r.evidence_id,
                "client_address": reader.client_address,
                "detail": r.detail,
            }
            for r in reads
        ],
    )


async def entries(
    conn: AsyncConnection, query: AccessQuery, limit: int, before: int | None
) -> list[AccessEntry]:
    c = access_audit.c
    found = select(access_audit).order_by(c.entry_id.desc()).limit(limit)
    for column, value in (
        (c.actor, query.actor),
        (c.case_id, query.case_id),
        (c.citizen_id, query.citizen_id),
    ):
        if value:
            found = found.where(column == value)
    if query.since is not None:
        found = found.where(c.at >= query.since)
    if query.until is not None:
        found = found.where(c.at < query.until)
    if before is not None:
        found = found.where(c.entry_id < before)
    return [AccessEntry(*row) for row in await conn.execute(found)]
