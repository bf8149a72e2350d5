"""The rules of officers' accounts: where an account sits, who may create or manage whom,
what a password must be, when failed logins lock an account. No I/O.

Scope is a unit path, the codes from the province down ("75/731/25993"; a facility sits under
its district: "75/731/F731001"). An account or event is inside a unit when its path is the
unit's path or starts with it, which the store also uses as a prefix query."""

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
    failed_logins: int
    locked_until: datetime | None
    totp_secret: str | None
    totp_pending_secret: str | None
    created_at: datetime
    # E.164; where the daily overdue digest goes (None: the officer gets none).
    phone: str | None = None
    # The last password reset or change: the tokens issued before it are refused.
    tokens_valid_from: datetime | None = None


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
    """A new password: long enough, bounded, not the username."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        violations.add(
            field, f"must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long"
        )
    elif password.strip().casefold() == username.casefold():
        violations.add(field, "must not be the username")


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
class Lockout:
    """`max_failures` failed logins in a row lock the account for `duration`."""

    max_failures: int
    duration: timedelta

    @staticmethod
    def locked(account: Account, now: datetime) -> bool:
        return account.locked_until is not None and now < account.locked_until

    def after_failure(self, account: Account, now: datetime) -> tuple[int, datetime | None]:
        """(failures in a row, locked until) after one more failure. A lock restarts the
        count, so the account gets `max_failures` tries again once released."""
        failures = account.failed_logins + 1
        if failures >= self.max_failures:
            return 0, now + self.duration
        return failures, None
