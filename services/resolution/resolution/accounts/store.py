"""Tables and queries of accounts, API keys and security events."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolution.accounts.domain import Account

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("username", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("unit_code", Text, nullable=False),
    # The units from the province down, e.g. 75/731/25993: scope is a prefix of it.
    Column("unit_path", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("must_change_password", Boolean, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="false"),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True)),
    Column("totp_secret", Text),
    # A secret handed out but not yet confirmed with a code.
    Column("totp_pending_secret", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The officer's mobile (E.164) for the overdue digest; optional.
    Column("phone", Text),
    # The last password reset or change: the tokens issued before it are refused.
    Column("tokens_valid_from", DateTime(timezone=True)),
    Index("accounts_scope", "unit_path", postgresql_ops={"unit_path": "text_pattern_ops"}),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", Uuid, primary_key=True),
    Column("account_id", Uuid, ForeignKey("accounts.account_id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("secret_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

security_events = Table(
    "security_events",
    metadata,
    Column("event_id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("unit_code", Text, nullable=False),
    Column("unit_path", Text, nullable=False),
    Column("detail", Text, nullable=False),
    # Where a login came from (the client's address as the gateway saw it), else "".
    Column("client_address", Text, nullable=False, server_default=""),
    Index("security_events_by_client_address", "client_address", "at"),
    Index(
        "security_events_scope",
        "unit_path",
        "event_id",
        postgresql_ops={"unit_path": "text_pattern_ops"},
    ),
)


@dataclass(frozen=True)
class ApiKeyRow:
    key_id: uuid.UUID
    account_id: uuid.UUID
    name: str
    secret_hash: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class SecurityEventRow:
    event_id: int
    at: datetime
    kind: str
    actor: str
    username: str
    unit_code: str
    unit_path: str
    detail: str
    client_address: str


def _inside(column, path: str):
    return or_(column == path, column.startswith(path + "/", autoescape=True))


def _account(row) -> Account:
    return Account(**{c.name: row._mapping[c.name] for c in accounts.columns})


class AccountStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    def begin(self):
        return self.engine.begin()

    @staticmethod
    async def add_account(conn: AsyncConnection, row: dict) -> bool:
        """False when the username is taken."""
        added = await conn.scalar(
            insert(accounts)
            .values(row)
            .on_conflict_do_nothing(index_elements=["username"])
            .returning(accounts.c.account_id)
        )
        return added is not None

    @staticmethod
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

    @staticmethod
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

    async def accounts_inside(self, path: str, limit: int, after: str | None) -> list[Account]:
        query = (
            select(accounts)
            .where(_inside(accounts.c.unit_path, path))
            .order_by(accounts.c.username)
            .limit(limit)
        )
        if after is not None:
            query = query.where(accounts.c.username > after)
        async with self.engine.connect() as conn:
            return [_account(row) for row in await conn.execute(query)]

    @staticmethod
    async def add_api_key(conn: AsyncConnection, row: dict) -> ApiKeyRow:
        return ApiKeyRow(
            *(await conn.execute(insert(api_keys).values(row).returning(api_keys))).one()
        )

    @staticmethod
    async def api_key(conn: AsyncConnection, key_id: uuid.UUID) -> ApiKeyRow | None:
        row = (await conn.execute(select(api_keys).where(api_keys.c.key_id == key_id))).first()
        return ApiKeyRow(*row) if row else None

    @staticmethod
    async def update_api_key(conn: AsyncConnection, key_id: uuid.UUID, **values) -> ApiKeyRow:
        query = update(api_keys).where(api_keys.c.key_id == key_id).values(**values)
        return ApiKeyRow(*(await conn.execute(query.returning(api_keys))).one())

    async def api_keys_of(self, account_id: uuid.UUID) -> list[ApiKeyRow]:
        query = (
            select(api_keys)
            .where(api_keys.c.account_id == account_id)
            .order_by(api_keys.c.created_at, api_keys.c.key_id)
        )
        async with self.engine.connect() as conn:
            return [ApiKeyRow(*row) for row in await conn.execute(query)]

    @staticmethod
    async def record(conn: AsyncConnection, **event) -> int:
        """One security event, in the transaction of what it records; its id, which grows
        with each event (and, for one account's changes, which lock its row, in their order)."""
        return await conn.scalar(
            insert(security_events).values(event).returning(security_events.c.event_id)
        )

    @staticmethod
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

    async def events_inside(
        self, path: str, limit: int, before: int | None
    ) -> list[SecurityEventRow]:
        query = (
            select(security_events)
            .where(_inside(security_events.c.unit_path, path))
            .order_by(security_events.c.event_id.desc())
            .limit(limit)
        )
        if before is not None:
            query = query.where(security_events.c.event_id < before)
        async with self.engine.connect() as conn:
            return [SecurityEventRow(*row) for row in await conn.execute(query)]
