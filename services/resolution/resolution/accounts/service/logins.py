"""Officers logging in, by password (and TOTP code) or by API key, and the throttling of failed
logins (domain.LoginThrottle). A refused login still commits its failure and its events, then
raises.

A username that no account has is answered and counted as one whose password is wrong: same
error, same throttling, and as slow (its password is checked against a dummy hash), so that
the answers do not tell which usernames exist."""

import asyncio
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh_common.access import ADMINS
from phananh_common.errors import ResourceExhausted, ServiceError, Unauthenticated
from phananh_common.tokens import (
    PASSWORD_CHANGE_REQUIRED,
    TOTP_ENROLLMENT_REQUIRED,
    Clock,
    Principal,
    TokenSigner,
)
from resolution.accounts import credentials, domain
from resolution.accounts.domain import Account, Throttle
from resolution.accounts.service.accounts import AccountPolicy, AccountUseCases
from resolution.accounts.store import accounts as store
from resolution.accounts.store import failed_logins

log = logging.getLogger(__name__)

WRONG_CREDENTIALS = "wrong username or password"
TOO_MANY_FAILED_LOGINS = "TOO_MANY_FAILED_LOGINS"
# A pair's failures in a row are forgotten a day after its last (and its refusal's end); a
# username's, across addresses, a month after: guessing that pauses for a month is no threat.
PAIR_MEMORY = timedelta(days=1)
STREAK_MEMORY = timedelta(days=30)
FORGET_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: datetime
    account: Account
    restriction: str


class Logins(AccountUseCases):
    def __init__(
        self, engine: AsyncEngine, signer: TokenSigner, policy: AccountPolicy, clock: Clock
    ):
        super().__init__(engine, policy, clock)
        self._signer = signer

    async def login(
        self, username: str, password: str, totp_code: str, client_address: str = ""
    ) -> Session:
        username = domain.normalise_username(username)
        key = credentials.username_key(self._policy.username_secret, username)
        refused: ServiceError | None = None
        async with self._engine.begin() as conn:
            now = self._clock()
            pair = await failed_logins.throttle(conn, key, client_address)
            account = await store.account(conn, username=username, lock=True)
            refusal = await self._refusal(conn, now, key, username, pair, client_address)
            if refusal:
                detail, refused = refusal
                await self._record(conn, now, "LOGIN_FAILED", account, "", detail, client_address)
            elif wrong := _wrong_password(account, password):
                refused = await self._fail(conn, now, key, pair, account, wrong, client_address)
            elif account.totp_secret and not totp_code:
                refused = Unauthenticated(
                    "enter the code of your authenticator app", reason="TOTP_REQUIRED"
                )
            elif account.totp_secret and not credentials.totp_matches(
                account.totp_secret, totp_code, now
            ):
                wrong = "wrong TOTP code"
                refused = await self._fail(conn, now, key, pair, account, wrong, client_address)
            else:
                # Read under the row's lock, as a password change reads its instant: the
                # token of a login that checked the old password is older than the change.
                issued_at = self._clock()
                await failed_logins.forget_failures(conn, key, client_address)
                await self._record(
                    conn, now, "LOGIN_SUCCEEDED", account, account.username, "", client_address
                )
        if refused:
            raise refused
        return self._session(account, self._restriction(account), issued_at)

    async def exchange_api_key(self, api_key: str) -> Session:
        parsed = credentials.parse_api_key(api_key)
        refused: ServiceError | None = None
        async with self._engine.begin() as conn:
            now = self._clock()
            key = await store.api_key(conn, parsed[0]) if parsed else None
            account = key and await store.account(conn, account_id=key.account_id)
            if (
                not key
                or not account
                or not credentials.api_key_matches(key.secret_hash, parsed[1])
            ):
                await self._record(conn, now, "API_KEY_REJECTED", None, "", "unknown key")
                refused = Unauthenticated("the API key is not valid")
            elif key.revoked_at or account.disabled:
                detail = "revoked" if key.revoked_at else "account disabled"
                await self._record(conn, now, "API_KEY_REJECTED", account, "", detail)
                refused = Unauthenticated("the API key is not valid")
            else:
                await store.update_api_key(conn, key.key_id, last_used_at=now)
                await self._record(conn, now, "API_KEY_USED", account, account.username, key.name)
        if refused:
            raise refused
        # The key is the machine's own credential: the account's password state does not
        # restrict it (admins, whose second factor it would bypass, hold no keys).
        return self._session(account, "")

    async def forget_old_failures(self) -> None:
        """For the life of the process, every hour: the failures no longer counted."""
        while True:
            now = self._clock()
            try:
                pairs_before = now - self._policy.throttle.max_delay - PAIR_MEMORY
                async with self._engine.begin() as conn:
                    await failed_logins.forget_old_failures(conn, pairs_before, now - STREAK_MEMORY)
            except Exception:
                log.exception("forgetting old failed logins failed")
            await asyncio.sleep(FORGET_EVERY.total_seconds())

    # Helpers

    async def _refusal(
        self, conn, now: datetime, key: str, username: str, pair: Throttle, client_address: str
    ) -> tuple[str, ResourceExhausted] | None:
        """Why this try is refused unchecked (for the security trail) and the answer, if it
        is: too many failures from the address, of the username from the address, or of the
        username from everywhere (and the officer never logged in from this address)."""
        window = self._policy.address_window
        if (
            await store.failed_logins_from(conn, client_address, now - window)
            >= self._policy.address_max_failures
        ):
            return "too many from the address", ResourceExhausted(
                "too many failed logins from your address: try again later",
                retry_after_seconds=_seconds(window),
                reason=TOO_MANY_FAILED_LOGINS,
            )
        if pair.refused_until and now < pair.refused_until:
            return "throttled", _throttled(pair.refused_until - now)
        throttle = self._policy.throttle
        streak = await failed_logins.streak(conn, key)
        if streak >= throttle.username_max_failures and not await store.logged_in_from(
            conn, username, client_address
        ):
            return "too many on the username", _throttled(throttle.max_delay)
        return None

    async def _fail(
        self,
        conn,
        now: datetime,
        key: str,
        pair: Throttle,
        account: Account | None,
        detail: str,
        client_address: str,
    ) -> ServiceError:
        failures = pair.failures + 1
        refused_until = self._policy.throttle.refused_until(failures, now)
        await failed_logins.record_failure(
            conn, key, client_address, Throttle(failures, refused_until), now
        )
        await self._record(conn, now, "LOGIN_FAILED", account, "", detail, client_address)
        if refused_until:
            delay = f"{failures} in a row, refused for {_seconds(refused_until - now)} s"
            await self._record(conn, now, "LOGIN_THROTTLED", account, "", delay, client_address)
        return Unauthenticated(WRONG_CREDENTIALS, reason="WRONG_CREDENTIALS")

    def _session(
        self, account: Account, restriction: str, issued_at: datetime | None = None
    ) -> Session:
        principal = Principal(
            str(account.account_id),
            account.username,
            account.role,
            account.unit_code,
            restriction,
        )
        token, expires_at = self._signer.issue(principal, issued_at)
        return Session(token, expires_at, account, restriction)

    def _restriction(self, account: Account) -> str:
        if account.must_change_password:
            return PASSWORD_CHANGE_REQUIRED
        if self._policy.admin_2fa and account.role in ADMINS and not account.totp_secret:
            return TOTP_ENROLLMENT_REQUIRED
        return ""


def _wrong_password(account: Account | None, password: str) -> str:
    """Why the password does not open the account (for the security trail), or "" when it
    does; as slow whatever the answer, and a disabled account's is always wrong."""
    if account is None:
        credentials.spend_password_check(password)
        return "unknown username"
    matches = credentials.password_matches(account.password_hash, password)
    if account.disabled:
        return "disabled"
    return "" if matches else "wrong password"


def _throttled(delay: timedelta) -> ResourceExhausted:
    return ResourceExhausted(
        "too many failed logins of this username from your address: try again later",
        retry_after_seconds=_seconds(delay),
        reason=TOO_MANY_FAILED_LOGINS,
    )


def _seconds(delay: timedelta) -> int:
    return math.ceil(delay.total_seconds())
