"""One-time codes, with the clock given: five minutes, five tries, one use, a salted hash."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from intake import otp
from phananh_common.errors import InvalidArgument, ResourceExhausted

NOW = datetime(2021, 10, 1, 9, 0, tzinfo=UTC)


def tried(code="123456", *, age=timedelta(0), counted=True, consumed=False) -> otp.TriedCode:
    salt = otp.new_salt()
    return otp.TriedCode(
        uuid.uuid4(), salt, otp.digest(code, salt), NOW - age + otp.VALID_FOR, consumed, counted
    )


def problem(code: otp.TriedCode | None, typed: str) -> str:
    """What the citizen is told of the code typed; "" when it passes."""
    try:
        otp.check(code, otp.typed_code(typed), NOW)
    except InvalidArgument as refused:
        ((field, description),) = [(v.field, v.description) for v in refused.violations]
        assert field == "otp"
        return description
    return ""


def test_new_codes_are_six_digits_and_kept_only_as_salted_hashes():
    codes = {otp.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150
    code = tried("123456")
    assert b"123456" not in code.digest
    assert otp.digest("123456", otp.new_salt()) != code.digest


def test_the_right_code_in_time_passes():
    assert problem(tried(), "123456") == ""
    assert problem(tried(), " 123456 ") == ""


def test_a_wrong_code_is_refused():
    assert problem(tried(), "654321") == "is wrong"


def test_a_code_expires_after_five_minutes():
    assert problem(tried(age=timedelta(minutes=4, seconds=59)), "123456") == ""
    assert problem(tried(age=timedelta(minutes=5)), "123456") == "has expired: ask for a new one"


def test_a_try_past_the_five_is_refused_even_with_the_right_code():
    too_often = "was typed wrong too often: ask for a new one"
    assert problem(tried(counted=False), "123456") == too_often


@pytest.mark.parametrize(
    "code, typed", [(None, "123456"), (tried(consumed=True), "123456"), (tried(), " ")]
)
def test_no_code_a_used_code_or_nothing_typed_is_refused(code, typed):
    assert problem(code, typed) != ""


def test_rate_limits_per_phone_and_per_address():
    for limit in (otp.PER_PHONE, otp.PER_CLIENT_ADDRESS):
        limit.check(limit.count - 1)
        with pytest.raises(ResourceExhausted) as refused:
            limit.check(limit.count)
        assert refused.value.retry_after_seconds == limit.window.total_seconds()
