"""A disabled officer's tokens, and those issued before a password reset or change, refused
at once in every service, not only in resolution.

Resolution owns the accounts and checks the token's account at every call. When an admin
disables, enables or resets the password of an account, or the officer changes it, it
publishes AccountAccessChanged with the account's whole access state; each other service
keeps the latest state per account in its own `account_access` table (in the inbox's
transaction) and its access interceptor refuses the tokens of an account disabled there, or
issued before its `tokens_valid_from`. Enabling makes the same tokens good again until they
expire, as in resolution; a password reset does not end.

No cache in the process: an event reaches one replica of a service, so a cache in the
others would accept the token until it lapsed. The check is a primary-key lookup per officer
call, as resolution's own."""

import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    MetaData,
    Table,
    Uuid,
    bindparam,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh.events.v1.resolution_events_pb2 import AccountAccessChanged
from phananh_common.access import AccountState
from phananh_common.protoconv import to_datetime
from phananh_common.tokens import Principal

metadata = MetaData()

account_access = Table(
    "account_access",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("disabled", Boolean, nullable=False),
    # The event's version: a late redelivery of an older change changes nothing.
    Column("version", BigInteger, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    # The last password reset or change: the tokens issued before it are refused.
    Column("tokens_valid_from", DateTime(timezone=True)),
)

_NEWER_STATE = text(
    "INSERT INTO account_access (account_id, disabled, version, changed_at, tokens_valid_from)"
    " VALUES (:account_id, :disabled, :version, :changed_at, :tokens_valid_from)"
    " ON CONFLICT (account_id) DO UPDATE SET disabled = excluded.disabled,"
    " version = excluded.version, changed_at = excluded.changed_at,"
    " tokens_valid_from = excluded.tokens_valid_from"
    " WHERE account_access.version < excluded.version"
).bindparams(bindparam("account_id", type_=Uuid))


# Every officer's call reads this, written as text: compiled once, not at each call.
_STATE = text(
    "SELECT disabled, tokens_valid_from FROM account_access WHERE account_id = :account_id"
).bindparams(bindparam("account_id", type_=Uuid))


async def on_account_access_changed(
    conn: AsyncConnection, event: AccountAccessChanged, _envelope
) -> None:
    await conn.execute(
        _NEWER_STATE,
        {
            "account_id": uuid.UUID(event.account_id),
            "disabled": event.disabled,
            "version": event.version,
            "changed_at": to_datetime(event.changed_at),
            "tokens_valid_from": (
                to_datetime(event.tokens_valid_from)
                if event.HasField("tokens_valid_from")
                else None
            ),
        },
    )


class AccountAccess:
    """`state` for a service that does not own the accounts (ServiceParts.account_state)."""

    def __init__(self, engine: AsyncEngine):
        # One statement, read without BEGIN and ROLLBACK: two round trips fewer at every call.
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def state(self, principal: Principal) -> AccountState | None:
        """Resolution's latest word on the token's account; None when it said nothing (or
        the id is no UUID: a test's token, since resolution signs only its own)."""
        try:
            account_id = uuid.UUID(principal.account_id)
        except ValueError:
            return None
        async with self._reads.connect() as conn:
            row = (await conn.execute(_STATE, {"account_id": account_id})).first()
        return AccountState(row.disabled, row.tokens_valid_from) if row else None

    @property
    def handlers(self) -> dict:
        """The event handler that keeps the table, for ServiceParts.event_handlers."""
        return {AccountAccessChanged: on_account_access_changed}
