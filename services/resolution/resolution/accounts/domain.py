"""The rules of officers' accounts: where an account sits, who may create or manage whom,
what a password must be, how long failed logins refuse further tries. No I/O.

Scope is a unit path, the codes from the province down ("75/731/25993"; a facility sits under
its district: "75/731/F731001"). An account or event is inside a unit when its path is the
unit's path or starts with it, which the store also uses as a prefix query."""

import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from phananh_common.access import (
    COMMUNE_OFFICER,
    DISTRICT_ADMIN,
    DISTRICT_OFFICER,
    FACILITY_OFFICER,
    PROVINCE_ADMIN,
    PROVINCE_OFFICER,
    ROLES,
)
from phananh_common.errors import Violations
from phananh_common.units import COMMUNE, DISTRICT, units
from resolution.accounts.common_passwords import is_common

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
# Accounts made before the facility directory (the bootstrap's demo accounts, made before
# the demo's facilities are imported) read a facility's district from its code: "F" + the
# district's code + a sequence number, as the province numbered them (F731001). An admin's
# new facility account takes it from the directory (facility_path).
FACILITY_CODE = re.compile(r"^F(\d{3})\d{3,}$")

# The level of unit each role sits in.
_LEVEL = {
    PROVINCE_ADMIN: "PROVINCE",
    PROVINCE_OFFICER: "PROVINCE",
    DISTRICT_ADMIN: DISTRICT,
    DISTRICT_OFFICER: DISTRICT,
    COMMUNE_OFFICER: COMMUNE,
    FACILITY_OFFICER: "FACILITY",
}
# What a district admin may create; a province admin may create every role.
_DISTRICT_ADMIN_CREATES = frozenset({DISTRICT_OFFICER, COMMUNE_OFFICER, FACILITY_OFFICER})


@dataclass(frozen=True)
class Account:
    account_id: uuid.UUID
    username: str
    role: str
    unit_code: str
    unit_path: str
    password_hash: str
    must_change_password: bool
    disabled: bool
    totp_secret: str | None
    totp_pending_secret: str | None
    created_at: datetime
    # E.164; where the daily overdue digest goes (None: the officer gets none).
    phone: str | None = None
    # The last password reset or change: the tokens issued before it are refused.
    tokens_valid_from: datetime | None = None


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


@dataclass(frozen=True)
class DigestRecipient:
    """An officer who gets the unit's overdue digest by SMS."""

    unit_code: str
    username: str
    phone: str


def normalise_username(raw: str) -> str:
    return raw.strip().lower()


def check_username(violations: Violations, username: str) -> None:
    if not USERNAME.match(username):
        violations.add(
            "username",
            "3 to 64 characters: lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
        )


def check_password(violations: Violations, field: str, password: str, username: str) -> None:
    """A new password: long enough, bounded, not the username, not one attackers try first.
    Each violation names its rule, which the pages word in their language."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        violations.add(
            field,
            f"must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long",
            "PASSWORD_LENGTH",
        )
    elif password.strip().casefold() == username.casefold():
        violations.add(field, "must not be the username", "PASSWORD_IS_USERNAME")
    elif is_common(password):
        violations.add(
            field,
            "is a common password or pattern, tried first by attackers: "
            "choose a phrase of your own",
            "PASSWORD_TOO_COMMON",
        )


def path_of_unit(unit_code: str) -> str:
    return "/".join(reversed(units().ancestors(unit_code)))


def unit_path(role: str, unit_code: str, province_code: str) -> str | None:
    """Where an account of `role` in `unit_code` sits; None when the unit is not of the
    role's level or not in the province."""
    level = _LEVEL.get(role)
    if level == "FACILITY":
        match = FACILITY_CODE.match(unit_code)
        return facility_path(unit_code, match.group(1), province_code) if match else None
    unit = units().get(unit_code)
    if unit is None or unit.level != level:
        return None
    path = path_of_unit(unit_code)
    return path if path.split("/")[0] == province_code else None


def facility_path(code: str, district_code: str, province_code: str) -> str | None:
    """Where a facility's account sits: under the facility's district; None when that is
    not a district of the province."""
    district = unit_path(DISTRICT_OFFICER, district_code, province_code)
    return f"{district}/{code}" if district else None


def inside(outer_path: str, inner_path: str) -> bool:
    return inner_path == outer_path or inner_path.startswith(outer_path + "/")


def may_create(actor_role: str, actor_path: str, role: str, target_path: str) -> bool:
    if actor_role == PROVINCE_ADMIN:
        return inside(actor_path, target_path)
    if actor_role == DISTRICT_ADMIN:
        return role in _DISTRICT_ADMIN_CREATES and inside(actor_path, target_path)
    return False


def may_manage(actor_role: str, actor_path: str, target: Account) -> bool:
    """Disable, enable, reset: accounts the admin could create, but not a peer admin (nor
    the admin itself): that takes an admin of a higher unit."""
    return target.role != actor_role and may_create(
        actor_role, actor_path, target.role, target.unit_path
    )


def valid_role(role: str) -> bool:
    return role in ROLES


@dataclass(frozen=True)
class LoginThrottle:
    """Failed logins refuse further tries of the same username from the same client address
    (not from others: an attacker cannot lock an officer out) for a delay that doubles with
    each failure past `max_failures` in a row, up to `max_delay`; a success starts afresh.
    Past `username_max_failures` in a row from every address together, a username is tried
    only from the addresses its officer logged in from (NIST SP 800-63B's ceiling of 100
    failures on an account, which throttling per address alone would not bound)."""

    max_failures: int
    first_delay: timedelta
    max_delay: timedelta
    username_max_failures: int

    def refused_until(self, failures: int, now: datetime) -> datetime | None:
        """Until when the `failures`th failure in a row of a username from an address refuses
        that pair; None while under the limit."""
        past = failures - self.max_failures
        if past < 0:
            return None
        # Past the cap the exponent stops growing, before the timedelta could overflow.
        doublings = min(past, math.ceil(self.max_delay / self.first_delay).bit_length())
        return now + min(self.first_delay * 2**doublings, self.max_delay)


@dataclass(frozen=True)
class Throttle:
    """A username's failed logins in a row from a client address, and until when they refuse
    further tries (LoginThrottle.refused_until)."""

    failures: int
    refused_until: datetime | None


NOT_THROTTLED = Throttle(0, None)
