"""Tables and queries of accounts, API keys, security events and failed logins."""

import uuid
from dataclasses import dataclass, fields
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
    delete,
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
    # Unused since logins are throttled per username and address (login_throttles): kept
    # for the previous version's replicas during a rolling upgrade; a later revision drops them.
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

# Failed logins in a row of a username (keyed: credentials.username_key) from a client address,
# whether or not an account has that username, and until when they refuse further tries.
login_throttles = Table(
    "login_throttles",
    metadata,
    Column("username_key", Text, primary_key=True),
    Column("client_address", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("refused_until", DateTime(timezone=True)),
    Column("last_failed_at", DateTime(timezone=True), nullable=False, index=True),
)

# Failed logins in a row of a username from every address together.
login_failure_streaks = Table(
    "login_failure_streaks",
    metadata,
    Column("username_key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False, index=True),
)


@dataclass(frozen=True)
class Throttle:
    failures: int
    refused_until: datetime | None


NOT_THROTTLED = Throttle(0, None)


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


_ACCOUNT_FIELDS = [f.name for f in fields(Account)]


def _account(row) -> Account:
    return Account(**{name: row._mapping[name] for name in _ACCOUNT_FIELDS})


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

    @staticmethod
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

    # Failed logins

    @staticmethod
    async def throttle(conn: AsyncConnection, username_key: str, client_address: str) -> Throttle:
        """The pair's failures, held until the transaction ends: tries of one pair at once
        take turns, so that none is checked past the limit."""
        pair = f"{username_key} {client_address}"
        await conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(pair, 0))))
        row = (
            await conn.execute(
                select(login_throttles.c.failures, login_throttles.c.refused_until).where(
                    login_throttles.c.username_key == username_key,
                    login_throttles.c.client_address == client_address,
                )
            )
        ).first()
        return Throttle(*row) if row else NOT_THROTTLED

    @staticmethod
    async def streak(conn: AsyncConnection, username_key: str) -> int:
        failures = await conn.scalar(
            select(login_failure_streaks.c.failures).where(
                login_failure_streaks.c.username_key == username_key
            )
        )
        return failures or 0

    @staticmethod
    async def record_failure(
        conn: AsyncConnection, username_key: str, client_address: str, throttle: Throttle, now
    ) -> None:
        pair = {"username_key": username_key, "client_address": client_address}
        values = {
            "failures": throttle.failures,
            "refused_until": throttle.refused_until,
            "last_failed_at": now,
        }
        await conn.execute(
            insert(login_throttles)
            .values(pair | values)
            .on_conflict_do_update(index_elements=list(pair), set_=values)
        )
        streak = insert(login_failure_streaks).values(
            username_key=username_key, failures=1, last_failed_at=now
        )
        await conn.execute(
            streak.on_conflict_do_update(
                index_elements=["username_key"],
                set_={"failures": login_failure_streaks.c.failures + 1, "last_failed_at": now},
            )
        )

    @staticmethod
    async def forget_failures(
        conn: AsyncConnection, username_key: str, client_address: str | None = None
    ) -> None:
        """The username's failures in a row from every address, and those of the pair (or,
        without an address, of every pair of the username)."""
        pairs = delete(login_throttles).where(login_throttles.c.username_key == username_key)
        if client_address is not None:
            pairs = pairs.where(login_throttles.c.client_address == client_address)
        await conn.execute(pairs)
        await conn.execute(
            delete(login_failure_streaks).where(
                login_failure_streaks.c.username_key == username_key
            )
        )

    async def forget_old_failures(self, pairs_before: datetime, streaks_before: datetime) -> int:
        """The pairs and the streaks whose last failure is older than these. How many went."""
        async with self.engine.begin() as conn:
            pairs = await conn.execute(
                delete(login_throttles).where(login_throttles.c.last_failed_at < pairs_before)
            )
            streaks = await conn.execute(
                delete(login_failure_streaks).where(
                    login_failure_streaks.c.last_failed_at < streaks_before
                )
            )
        return pairs.rowcount + streaks.rowcount

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
