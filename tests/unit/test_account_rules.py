"""Where accounts sit, who may create and manage whom, passwords, lockout."""

from datetime import UTC, datetime, timedelta

import pytest

from phananh_common.access import ROLES
from phananh_common.errors import Violations
from resolution.accounts.domain import (
    Account,
    Lockout,
    check_password,
    may_create,
    may_manage,
    unit_path,
)

NOON = datetime(2021, 10, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("role", "unit", "path"),
    [
        ("PROVINCE_ADMIN", "75", "75"),
        ("PROVINCE_OFFICER", "79", None),  # another province
        ("DISTRICT_ADMIN", "731", "75/731"),
        ("DISTRICT_OFFICER", "25993", None),  # a commune is not a district
        ("COMMUNE_OFFICER", "25993", "75/731/25993"),
        ("COMMUNE_OFFICER", "731", None),
        ("FACILITY_OFFICER", "F731001", "75/731/F731001"),
        ("FACILITY_OFFICER", "F760001", None),  # a district of another province
        ("FACILITY_OFFICER", "731001", None),
    ],
)
def test_an_account_sits_in_a_unit_of_its_roles_level_in_the_province(role, unit, path):
    assert unit_path(role, unit, "75") == path


def test_a_province_admin_creates_any_role_and_a_district_admin_its_officers():
    district_made = {
        role for role in ROLES if may_create("DISTRICT_ADMIN", "75/731", role, "75/731/25993")
    }
    assert district_made == {"DISTRICT_OFFICER", "COMMUNE_OFFICER", "FACILITY_OFFICER"}
    assert all(may_create("PROVINCE_ADMIN", "75", role, "75/731") for role in ROLES)
    assert not may_create("DISTRICT_ADMIN", "75/731", "COMMUNE_OFFICER", "75/732/26005")
    assert not may_create("DISTRICT_OFFICER", "75/731", "COMMUNE_OFFICER", "75/731/25993")


def account(role="COMMUNE_OFFICER", path="75/731/25993", failures=0, locked_until=None):
    return Account(
        account_id=None,
        username="x",
        role=role,
        unit_code=path.rsplit("/", 1)[-1],
        unit_path=path,
        password_hash="",
        must_change_password=False,
        disabled=False,
        failed_logins=failures,
        locked_until=locked_until,
        totp_secret=None,
        totp_pending_secret=None,
        created_at=NOON,
    )


def test_admins_manage_what_they_could_create_but_not_their_peers():
    assert may_manage("DISTRICT_ADMIN", "75/731", account())
    assert not may_manage("DISTRICT_ADMIN", "75/731", account("DISTRICT_ADMIN", "75/731"))
    assert not may_manage("PROVINCE_ADMIN", "75", account("PROVINCE_ADMIN", "75"))
    assert may_manage("PROVINCE_ADMIN", "75", account("DISTRICT_ADMIN", "75/731"))


@pytest.mark.parametrize(
    ("password", "wrong"),
    [("short-9ch", True), ("bienhoa.canbo", True), ("BIENHOA.CANBO", True), ("x" * 129, True),
     ("dai-du-muoi", False)],
)  # fmt: skip
def test_a_new_password_is_long_enough_and_not_the_username(password, wrong):
    violations = Violations()
    check_password(violations, "new_password", password, "bienhoa.canbo")
    assert [v.field for v in violations.items] == (["new_password"] if wrong else [])


def test_five_failures_in_a_row_lock_the_account_for_a_while():
    lockout = Lockout(max_failures=5, duration=timedelta(minutes=15))
    failures, locked_until = lockout.after_failure(account(failures=3), NOON)
    assert (failures, locked_until) == (4, None)
    failures, locked_until = lockout.after_failure(account(failures=4), NOON)
    assert (failures, locked_until) == (0, NOON + timedelta(minutes=15))
    locked = account(locked_until=locked_until)
    assert lockout.locked(locked, NOON + timedelta(minutes=14, seconds=59))
    assert not lockout.locked(locked, NOON + timedelta(minutes=15))
