"""What officers and admins do with accounts (logins are logins.py's), each one transaction of
store calls around the domain's rules, with the security event it leaves behind."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh.events.v1.resolution_events_pb2 import AccountAccessChanged
from phananh_common import outbox
from phananh_common.access import AccountState
from phananh_common.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ServiceError,
    Unauthenticated,
    Violations,
)
from phananh_common.people import PHONE_FORMAT, normalise_phone
from phananh_common.protoconv import from_datetime
from phananh_common.roles import FACILITY_OFFICER, PROVINCE_ADMIN, ROLES
from phananh_common.tokens import Clock, Principal
from resolution.accounts import credentials, domain
from resolution.accounts.domain import Account, ApiKeyRow, LoginThrottle, SecurityEventRow
from resolution.accounts.store import accounts as store
from resolution.accounts.store import failed_logins
from resolution.registry.store.facilities import facilities_named


@dataclass(frozen=True)
class AccountPolicy:
    province_code: str
    throttle: LoginThrottle
    admin_2fa: bool
    # Failed logins from one client address within `address_window`, after which that address
    # is refused whatever the username: guessing across many accounts.
    address_max_failures: int
    address_window: timedelta
    # Keys the usernames of the failed logins (credentials.username_key).
    username_secret: bytes


class AccountUseCases:
    """What the use cases of accounts share: the engine, the policy, the clock, and the
    security trail they leave behind."""

    def __init__(self, engine: AsyncEngine, policy: AccountPolicy, clock: Clock):
        self._engine = engine
        self._policy = policy
        self._clock = clock

    async def _record(
        self,
        conn,
        now: datetime,
        kind: str,
        subject: Account | None,
        actor: str,
        detail="",
        client_address="",
    ) -> int:
        """An event about `subject`, or about nobody known: those the province sees. Its id."""
        province = self._policy.province_code
        return await store.record(
            conn,
            at=now,
            kind=kind,
            actor=actor,
            username=subject.username if subject else "",
            unit_code=subject.unit_code if subject else province,
            unit_path=subject.unit_path if subject else province,
            detail=detail,
            client_address=client_address,
        )


class Accounts(AccountUseCases):
    async def access_state(self, principal: Principal) -> AccountState | None:
        """Whether the token's account is disabled and since when its tokens count. Only
        resolution signs tokens, for its accounts, and accounts are never deleted: an id no
        account has is a test's token."""
        try:
            account_id = uuid.UUID(principal.account_id)
        except ValueError:
            return None
        async with self._engine.connect() as conn:
            account = await store.account(conn, account_id=account_id)
        return account and AccountState(account.disabled, account.tokens_valid_from)

    async def change_password(self, principal: Principal, current: str, new: str) -> None:
        """The tokens issued before the change are refused from then on, everywhere (the
        officer logs in again with the new password)."""
        violations = Violations()
        domain.check_password(violations, "new_password", new, principal.username)
        violations.raise_if_any()
        refused: ServiceError | None = None
        async with self._engine.begin() as conn:
            account = await self._own(conn, principal)
            # Read once the row is locked, as a login's token time: a login with the old
            # password, holding the lock before, issued its token before this instant.
            now = self._clock()
            if not credentials.password_matches(account.password_hash, current):
                await self._record(conn, now, "LOGIN_FAILED", account, "", "wrong current password")
                refused = InvalidArgument.on(
                    "current_password", "is not your current password", "WRONG_PASSWORD"
                )
            elif credentials.password_matches(account.password_hash, new):
                refused = InvalidArgument.on(
                    "new_password", "must differ from the current password", "PASSWORD_UNCHANGED"
                )
            else:
                account = await store.update_account(
                    conn,
                    account.account_id,
                    password_hash=credentials.hash_password(new),
                    must_change_password=False,
                    tokens_valid_from=now,
                )
                version = await self._record(
                    conn, now, "PASSWORD_CHANGED", account, principal.username
                )
                await _publish_access(conn, account, version, now)
        if refused:
            raise refused

    # Administration

    async def create_account(
        self,
        actor: Principal,
        username: str,
        role: str,
        unit_code: str,
        initial: str,
        phone: str = "",
    ) -> tuple[Account, str]:
        row, password = await self.new_account(actor, username, role, unit_code, initial, phone)
        async with self._engine.begin() as conn:
            account = await self.add_account(conn, actor, row)
        return account, password

    async def new_account(
        self, actor: Principal, username: str, role: str, unit_code: str, initial: str, phone: str
    ) -> tuple[dict, str]:
        """The row of an account the actor may create, and its password (generated unless
        `initial`); InvalidArgument or PermissionDenied otherwise."""
        username = domain.normalise_username(username)
        violations = Violations()
        domain.check_username(violations, username)
        mobile = normalise_phone(phone) if phone else None
        if phone and mobile is None:
            violations.add("phone", PHONE_FORMAT)
        path = None
        if not domain.valid_role(role):
            violations.add("role", f"must be one of {', '.join(ROLES)}")
        elif role == FACILITY_OFFICER:
            path = await self._facility_path(unit_code)
            if path is None:
                violations.add("unit_code", "is not a facility of the province's directory")
        else:
            path = domain.unit_path(role, unit_code, self._policy.province_code)
            if path is None:
                violations.add("unit_code", f"is not a unit of the province where a {role} sits")
        if initial:
            domain.check_password(violations, "initial_password", initial, username)
        violations.raise_if_any()
        if not domain.may_create(actor.role, self._actor_path(actor), role, path):
            raise PermissionDenied(f"a {actor.role} may not create this account")
        password = initial or credentials.generate_password()
        row = new_account_row(username, role, unit_code, path, password, self._clock())
        return row | {"phone": mobile}, password

    async def add_account(self, conn, actor: Principal, row: dict) -> Account:
        """In the caller's transaction; AlreadyExists when the username is taken."""
        if not await store.add_account(conn, row):
            raise AlreadyExists("this username is taken")
        account = await store.account(conn, account_id=row["account_id"])
        await self._record(conn, row["created_at"], "ACCOUNT_CREATED", account, actor.username)
        return account

    async def list_accounts(self, actor: Principal, limit: int, after: str | None):
        async with self._engine.connect() as conn:
            return await store.accounts_inside(conn, self._actor_path(actor), limit, after)

    async def set_disabled(self, actor: Principal, username: str, disabled: bool) -> Account:
        """Resolution refuses a disabled account's tokens at once (`active`); the other
        services hear of it by AccountAccessChanged, published with the change."""
        async with self._engine.begin() as conn:
            now = self._clock()
            target = await self._managed(conn, actor, username)
            account = await store.update_account(conn, target.account_id, disabled=disabled)
            kind = "ACCOUNT_DISABLED" if disabled else "ACCOUNT_ENABLED"
            version = await self._record(conn, now, kind, account, actor.username)
            await _publish_access(conn, account, version, now)
        return account

    async def reset_password(self, actor: Principal, username: str) -> tuple[Account, str]:
        """An admin's answer to a compromised account or a forgotten password: a new password,
        no second factor, every token issued before it refused at once, everywhere, and the
        username's failed logins forgotten (its officer may log in at once)."""
        password = credentials.generate_password()
        async with self._engine.begin() as conn:
            target = await self._managed(conn, actor, username)
            now = self._clock()  # once the row is locked, as in change_password
            account = await store.update_account(
                conn,
                target.account_id,
                password_hash=credentials.hash_password(password),
                must_change_password=True,
                totp_secret=None,
                totp_pending_secret=None,
                tokens_valid_from=now,
            )
            await failed_logins.forget_failures(
                conn, credentials.username_key(self._policy.username_secret, account.username)
            )
            version = await self._record(conn, now, "PASSWORD_RESET", account, actor.username)
            await _publish_access(conn, account, version, now)
        return account, password

    async def security_events(
        self, actor: Principal, limit: int, before: int | None
    ) -> list[SecurityEventRow]:
        async with self._engine.connect() as conn:
            return await store.events_inside(conn, self._actor_path(actor), limit, before)

    # The caller's own API keys and second factor

    async def create_api_key(self, principal: Principal, name: str) -> tuple[ApiKeyRow, str]:
        name = name.strip()
        if not 1 <= len(name) <= 100:
            raise InvalidArgument.of([FieldViolation("name", "must be 1 to 100 characters")])
        key_id, secret_hash, api_key = credentials.new_api_key()
        async with self._engine.begin() as conn:
            now = self._clock()
            account = await self._own(conn, principal)
            key = await store.add_api_key(
                conn,
                {
                    "key_id": key_id,
                    "account_id": account.account_id,
                    "name": name,
                    "secret_hash": secret_hash,
                    "created_at": now,
                },
            )
            await self._record(conn, now, "API_KEY_CREATED", account, principal.username, name)
        return key, api_key

    async def api_keys(self, principal: Principal) -> list[ApiKeyRow]:
        async with self._engine.connect() as conn:
            return await store.api_keys_of(conn, uuid.UUID(principal.account_id))

    async def revoke_api_key(self, principal: Principal, key_id: str) -> ApiKeyRow:
        try:
            wanted = uuid.UUID(key_id)
        except ValueError:
            raise InvalidArgument.of([FieldViolation("key_id", "is not a key id")]) from None
        async with self._engine.begin() as conn:
            now = self._clock()
            key = await store.api_key(conn, wanted)
            if key is None or str(key.account_id) != principal.account_id:
                raise NotFound("you have no API key with this id")
            if key.revoked_at is None:
                key = await store.update_api_key(conn, wanted, revoked_at=now)
                account = await self._own(conn, principal)
                await self._record(
                    conn, now, "API_KEY_REVOKED", account, principal.username, key.name
                )
        return key

    async def begin_totp(self, principal: Principal) -> tuple[str, str]:
        secret = credentials.new_totp_secret()
        async with self._engine.begin() as conn:
            account = await self._own(conn, principal)
            if account.totp_secret:
                raise FailedPrecondition(
                    "TOTP is already enabled; an admin's password reset removes it"
                )
            await store.update_account(conn, account.account_id, totp_pending_secret=secret)
        return secret, credentials.totp_uri(secret, principal.username)

    async def confirm_totp(self, principal: Principal, code: str) -> None:
        async with self._engine.begin() as conn:
            now = self._clock()
            account = await self._own(conn, principal)
            pending = account.totp_pending_secret
            if not pending or not credentials.totp_matches(pending, code, now):
                raise InvalidArgument.of(
                    [FieldViolation("code", "is not the current code of the new secret")]
                )
            await store.update_account(
                conn, account.account_id, totp_secret=pending, totp_pending_secret=None
            )
            await self._record(conn, now, "TOTP_ENABLED", account, principal.username)

    # Bootstrap

    async def ensure_bootstrap_admin(self, setting: str) -> None:
        """The first province admin (PHANANH_BOOTSTRAP_ADMIN, "username:password"), created
        when the service starts unless it exists."""
        if setting:
            username, _, password = setting.partition(":")
            await self.ensure_account(
                username, PROVINCE_ADMIN, self._policy.province_code, password, "bootstrap"
            )

    async def ensure_account(
        self, username: str, role: str, unit_code: str, password: str, actor: str
    ) -> bool:
        """Creates the account unless the username exists (a bootstrap step: idempotent and
        safe for replicas starting at once). True when created."""
        path = domain.unit_path(role, unit_code, self._policy.province_code)
        if path is None:
            raise ValueError(f"{unit_code} is not a unit where a {role} sits")
        async with self._engine.begin() as conn:
            now = self._clock()
            row = new_account_row(username, role, unit_code, path, password, now)
            if not await store.add_account(conn, row):
                return False
            account = await store.account(conn, account_id=row["account_id"])
            await self._record(conn, now, "ACCOUNT_CREATED", account, actor)
        return True

    # Helpers

    async def _facility_path(self, code: str) -> str | None:
        """Where a facility's account sits, from the facility directory (intake's
        facilities); None for a facility it does not hold."""
        async with self._engine.begin() as conn:
            found = (await facilities_named(conn, [code])).get(code)
        if found is None:
            return None
        return domain.facility_path(found.code, found.district_code, self._policy.province_code)

    async def _own(self, conn, principal: Principal) -> Account:
        account = await store.account(conn, account_id=uuid.UUID(principal.account_id), lock=True)
        if account is None or account.disabled:
            raise Unauthenticated("this account is no longer active")
        return account

    async def _managed(self, conn, actor: Principal, username: str) -> Account:
        """The account the admin asks for; NOT_FOUND outside the admin's unit, so that other
        units' usernames do not leak."""
        target = await store.account(conn, username=domain.normalise_username(username), lock=True)
        actor_path = self._actor_path(actor)
        if target is None or not domain.inside(actor_path, target.unit_path):
            raise NotFound("no account with this username in your unit")
        if not domain.may_manage(actor.role, actor_path, target):
            raise PermissionDenied("this account is managed by an admin of a higher unit")
        return target

    @staticmethod
    def _actor_path(actor: Principal) -> str:
        return domain.path_of_unit(actor.unit_code)


async def _publish_access(conn, account: Account, version: int, now: datetime) -> None:
    """The account's whole access state, for the services that do not own the accounts; the
    security event's id orders the changes."""
    changed = AccountAccessChanged(
        account_id=str(account.account_id),
        disabled=account.disabled,
        version=version,
        changed_at=from_datetime(now),
    )
    if account.tokens_valid_from:
        changed.tokens_valid_from.CopyFrom(from_datetime(account.tokens_valid_from))
    await outbox.publish(conn, "resolution", [changed])


def new_account_row(
    username: str, role: str, unit_code: str, path: str, password: str, now: datetime
) -> dict:
    return {
        "account_id": uuid.uuid4(),
        "username": username,
        "role": role,
        "unit_code": unit_code,
        "unit_path": path,
        "password_hash": credentials.hash_password(password),
        "must_change_password": True,
        "created_at": now,
    }
