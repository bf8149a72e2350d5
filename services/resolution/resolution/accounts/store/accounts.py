"""The queries of accounts, their API keys and the security trail."""

import uuid
from dataclasses import fields

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.accounts.domain import Account, ApiKeyRow, SecurityEventRow
from resolution.accounts.store.tables import accounts, api_keys, security_events


def _inside(column, path: str):
    return or_(column == path, column.startswith(path + "/", autoescape=True))


_ACCOUNT_FIELDS = [f.name for f in fields(Account)]


def _account(row) -> Account:
    return Account(**{name: row._mapping[name] for name in _ACCOUNT_FIELDS})


async def add_account(conn: AsyncConnection, row: dict) -> bool:
    """False when the username is taken."""
    added = await conn.scalar(
        insert(accounts)
        .values(row)
        .on_conflict_do_nothing(index_elements=["username"])
        .returning(accounts.c.account_id)
    )
    return added is not None


async def account(
    conn: AsyncConnection,
    *,
    username: str | None = None,
    account_id: uuid.UUID | None = None,
    lock: bool = False,
) -> Account | None:
    """One account by username or id; `lock` holds its row until the transaction ends."""
    query = select(accounts)
    if username is not None:
        query = query.where(accounts.c.username == username)
    if account_id is not None:
        query = query.where(accounts.c.account_id == account_id)
    row = (await conn.execute(query.with_for_update() if lock else query)).first()
    return _account(row) if row else None


async def update_account(conn: AsyncConnection, account_id: uuid.UUID, **values) -> Account:
    row = (
        await conn.execute(
            update(accounts)
            .where(accounts.c.account_id == account_id)
            .values(**values)
            .returning(accounts)
        )
    ).one()
    return _account(row)


async def accounts_inside(
    conn: AsyncConnection, path: str, limit: int, after: str | None
) -> list[Account]:
    query = (
        select(accounts)
        .where(_inside(accounts.c.unit_path, path))
        .order_by(accounts.c.username)
        .limit(limit)
    )
    if after is not None:
        query = query.where(accounts.c.username > after)
    return [_account(row) for row in await conn.execute(query)]


async def add_api_key(conn: AsyncConnection, row: dict) -> ApiKeyRow:
    return ApiKeyRow(*(await conn.execute(insert(api_keys).values(row).returning(api_keys))).one())


async def api_key(conn: AsyncConnection, key_id: uuid.UUID) -> ApiKeyRow | None:
    row = (await conn.execute(select(api_keys).where(api_keys.c.key_id == key_id))).first()
    return ApiKeyRow(*row) if row else None


async def update_api_key(conn: AsyncConnection, key_id: uuid.UUID, **values) -> ApiKeyRow:
    query = update(api_keys).where(api_keys.c.key_id == key_id).values(**values)
    return ApiKeyRow(*(await conn.execute(query.returning(api_keys))).one())


async def api_keys_of(conn: AsyncConnection, account_id: uuid.UUID) -> list[ApiKeyRow]:
    query = (
        select(api_keys)
        .where(api_keys.c.account_id == account_id)
        .order_by(api_keys.c.created_at, api_keys.c.key_id)
    )
    return [ApiKeyRow(*row) for row in await conn.execute(query)]


async def record(conn: AsyncConnection, **event) -> int:
    """One security event, in the transaction of what it records; its id, which grows with
    each event (and, for one account's changes, which lock its row, in their order)."""
    return await conn.scalar(
        insert(security_events).values(event).returning(security_events.c.event_id)
    )


async def failed_logins_from(conn: AsyncConnection, client_address: str, since) -> int:
    if not client_address:
        return 0
    return await conn.scalar(
        select(func.count())
        .select_from(security_events)
        .where(
            security_events.c.client_address == client_address,
            security_events.c.kind == "LOGIN_FAILED",
            security_events.c.at >= since,
        )
    )


async def logged_in_from(conn: AsyncConnection, username: str, client_address: str) -> bool:
    return await conn.scalar(
        select(
            select(security_events.c.event_id)
            .where(
                security_events.c.client_address == client_address,
                security_events.c.kind == "LOGIN_SUCCEEDED",
                security_events.c.username == username,
            )
            .exists()
        )
    )


async def events_inside(
    conn: AsyncConnection, path: str, limit: int, before: int | None
) -> list[SecurityEventRow]:
    query = (
        select(security_events)
        .where(_inside(security_events.c.unit_path, path))
        .order_by(security_events.c.event_id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(security_events.c.event_id < before)
    return [SecurityEventRow(*row) for row in await conn.execute(query)]
