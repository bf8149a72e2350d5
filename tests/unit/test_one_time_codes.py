"""One-time codes, with the clock given: five minutes, five tries, one use, a salted hash."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from intake import otp
from phananh_common.errors import ResourceExhausted

NOW = datetime(2021, 10, 1, 9, 0, tzinfo=UTC)


def issued(code="123456", *, age=timedelta(0), attempts=0, consumed=False) -> otp.IssuedCode:
    salt = otp.new_salt()
    return otp.IssuedCode(
        uuid.uuid4(), salt, otp.digest(code, salt), NOW - age + otp.VALID_FOR, attempts, consumed
    )


def test_new_codes_are_six_digits_and_kept_only_as_salted_hashes():
    codes = {otp.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150
    code = issued("123456")
    assert b"123456" not in code.digest
    assert otp.digest("123456", otp.new_salt()) != code.digest


def test_the_right_code_in_time_passes():
    assert otp.verify(issued(), "123456", NOW) == (otp.Verdict.OK, "")
    assert otp.verify(issued(), " 123456 ", NOW)[0] == otp.Verdict.OK


def test_a_wrong_code_counts_as_an_attempt():
    assert otp.verify(issued(), "654321", NOW)[0] == otp.Verdict.WRONG


def test_a_code_expires_after_five_minutes():
    assert otp.verify(issued(age=timedelta(minutes=4, seconds=59)), "123456", NOW)[0] == "OK"
    verdict, problem = otp.verify(issued(age=timedelta(minutes=5)), "123456", NOW)
    assert (verdict, problem) == (otp.Verdict.REFUSED, "has expired: ask for a new one")


def test_after_five_wrong_attempts_even_the_right_code_is_refused():
    assert otp.verify(issued(attempts=4), "123456", NOW)[0] == otp.Verdict.OK
    assert otp.verify(issued(attempts=5), "123456", NOW)[0] == otp.Verdict.REFUSED


@pytest.mark.parametrize(
    "code, typed", [(None, "123456"), (issued(consumed=True), "123456"), (issued(), "")]
)
def test_no_code_a_used_code_or_nothing_typed_is_refused(code, typed):
    assert otp.verify(code, typed, NOW)[0] == otp.Verdict.REFUSED


def test_rate_limits_per_phone_and_per_address():
    for limit in (otp.PER_PHONE, otp.PER_CLIENT_ADDRESS):
        limit.check(limit.count - 1)
        with pytest.raises(ResourceExhausted) as refused:
            limit.check(limit.count)
        assert refused.value.retry_after_seconds == limit.window.total_seconds()
