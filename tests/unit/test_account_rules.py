"""Where accounts sit, who may create and manage whom, passwords, throttled logins."""

from datetime import UTC, datetime, timedelta

import pytest

from phananh_common.errors import Violations
from phananh_common.roles import ROLES
from resolution.accounts.domain import (
    Account,
    LoginThrottle,
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


def account(role="COMMUNE_OFFICER", path="75/731/25993"):
    return Account(
        account_id=None,
        username="x",
        role=role,
        unit_code=path.rsplit("/", 1)[-1],
        unit_path=path,
        password_hash="",
        must_change_password=False,
        disabled=False,
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
    ("password", "rule"),
    [
        ("short-9ch", "PASSWORD_LENGTH"),
        ("x" * 129, "PASSWORD_LENGTH"),
        ("bienhoa.canbo", "PASSWORD_IS_USERNAME"),
        ("BIENHOA.CANBO", "PASSWORD_IS_USERNAME"),
        # Common and breached, English and Vietnamese, as people vary them.
        ("password123", "PASSWORD_TOO_COMMON"),
        ("Password123", "PASSWORD_TOO_COMMON"),
        ("P@ssw0rd2021!", "PASSWORD_TOO_COMMON"),
        ("matkhau123", "PASSWORD_TOO_COMMON"),
        ("Mật khẩu 123", "PASSWORD_TOO_COMMON"),
        ("mat.khau.2021", "PASSWORD_TOO_COMMON"),
        ("123matkhau", "PASSWORD_TOO_COMMON"),
        ("anhyeuem2021", "PASSWORD_TOO_COMMON"),
        ("iloveyou12345", "PASSWORD_TOO_COMMON"),
        ("Dongnai@2024", "PASSWORD_TOO_COMMON"),
        ("tiemchung2021", "PASSWORD_TOO_COMMON"),
        ("elephant99", "PASSWORD_TOO_COMMON"),
        # Keyboard rows, runs, repeats, whitespace.
        ("1234567890", "PASSWORD_TOO_COMMON"),
        ("0987654321", "PASSWORD_TOO_COMMON"),
        ("qwertyuiop", "PASSWORD_TOO_COMMON"),
        ("abcdefghijk", "PASSWORD_TOO_COMMON"),
        ("aaaaaaaaaa", "PASSWORD_TOO_COMMON"),
        ("hihihihihihi", "PASSWORD_TOO_COMMON"),
        (" " * 10, "PASSWORD_TOO_COMMON"),
        ("\t \u3000" * 4, "PASSWORD_TOO_COMMON"),
        # Phrases and words with a long number of one's own are good.
        ("dai-du-muoi", None),
        ("doi-mat-khau-ngay", None),
        ("trời hôm nay xanh như ngọc", None),
        ("correct horse battery staple", None),
        ("Elephant-93847561", None),
        ("mk-huyen-731", None),
    ],
)
def test_a_new_password_is_long_enough_not_the_username_and_not_common(password, rule):
    violations = Violations()
    check_password(violations, "new_password", password, "bienhoa.canbo")
    assert [(v.field, v.reason) for v in violations.items] == (
        [("new_password", rule)] if rule else []
    )


def test_failures_past_the_limit_refuse_the_pair_for_a_delay_that_doubles_up_to_a_cap():
    throttle = LoginThrottle(
        max_failures=5,
        first_delay=timedelta(minutes=1),
        max_delay=timedelta(hours=1),
        username_max_failures=100,
    )
    delays = [throttle.refused_until(n, NOON) for n in range(1, 14)]
    assert delays[:4] == [None] * 4
    assert [d - NOON for d in delays[4:]] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)
    ]
    assert throttle.refused_until(10**6, NOON) == NOON + timedelta(hours=1)
