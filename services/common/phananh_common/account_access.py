"""A disabled officer's tokens refused at once in every service, not only in resolution.

Resolution owns the accounts and checks the token's account at every call. When an admin
disables or enables an account it publishes AccountAccessChanged; each other service keeps
the latest state per account in its own `account_access` table (in the inbox's transaction)
and its access interceptor refuses the tokens of an account disabled there. Enabling makes
the same tokens good again until they expire, as in resolution.

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
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh.events.v1.resolution_events_pb2 import AccountAccessChanged
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
)

_NEWER_STATE = text(
    "INSERT INTO account_access (account_id, disabled, version, changed_at)"
    " VALUES (:account_id, :disabled, :version, :changed_at)"
    " ON CONFLICT (account_id) DO UPDATE SET disabled = excluded.disabled,"
    " version = excluded.version, changed_at = excluded.changed_at"
    " WHERE account_access.version < excluded.version"
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
        },
    )


class AccountAccess:
    """`active` for a service that does not own the accounts (ServiceParts.account_active)."""

    def __init__(self, engine: AsyncEngine):
        self._engine = engine

    async def active(self, principal: Principal) -> bool:
        """False while resolution's latest word on the token's account is that it is
        disabled. An id that is no UUID is a test's token: resolution signs only its own."""
        try:
            account_id = uuid.UUID(principal.account_id)
        except ValueError:
            return True
        async with self._engine.connect() as conn:
            disabled = await conn.scalar(
                select(account_access.c.disabled).where(account_access.c.account_id == account_id)
            )
        return not disabled

    @property
    def handlers(self) -> dict:
        """The event handler that keeps the table, for ServiceParts.event_handlers."""
        return {AccountAccessChanged: on_account_access_changed}
