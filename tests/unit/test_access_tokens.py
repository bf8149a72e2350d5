"""Access tokens are accepted only as issued and only while they live; the declared rules of
an RPC decide the rest."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from phananh.reporting.v1.reporting_pb2 import GetSummaryRequest
from phananh_common.access import AccountState, authorize, bearer_token, check_account, officers
from phananh_common.errors import PermissionDenied, Unauthenticated
from phananh_common.roles import CASE_WORKERS, DISTRICT_OFFICER
from phananh_common.tokens import (
    PASSWORD_CHANGE_REQUIRED,
    Principal,
    TokenSigner,
    TokenVerifier,
    generate_key_pair,
)

PRIVATE, PUBLIC = generate_key_pair()
NOON = datetime(2021, 10, 5, 12, 0, tzinfo=UTC)
OFFICER = Principal("a1", "bienhoa.canbo", DISTRICT_OFFICER, "731")


def issued(at=NOON, lifetime=timedelta(minutes=15), principal=OFFICER, key=PRIVATE) -> str:
    return TokenSigner(key, lifetime, lambda: at).issue(principal)[0]


def verifier(now) -> TokenVerifier:
    return TokenVerifier(PUBLIC, lambda: now)


def test_a_token_says_who_until_it_expires():
    token = issued()
    assert verifier(NOON + timedelta(minutes=14)).verify(token) == replace(OFFICER, issued_at=NOON)
    with pytest.raises(Unauthenticated, match="expired"):
        verifier(NOON + timedelta(minutes=15)).verify(token)


def test_a_tampered_or_foreign_token_is_refused():
    token = issued()
    header, _, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False}) | {"role": "PROVINCE_ADMIN"}
    forged_payload = jwt.encode(claims, "k" * 32, algorithm="HS256").split(".")[1]
    other_private, _ = generate_key_pair()
    for token in (
        f"{header}.{forged_payload}.{signature}",  # a changed claim under the old signature
        jwt.encode(
            claims, "a guessed secret of 32 bytes long", algorithm="HS256"
        ),  # another algorithm
        issued(key=other_private),  # another signer
        "not-a-token",
    ):
        with pytest.raises(Unauthenticated):
            verifier(NOON).verify(token)


def test_the_bearer_token_comes_from_the_authorization_metadata():
    assert bearer_token((("authorization", "Bearer abc.def"),)) == "abc.def"
    for metadata in ((), (("authorization", "Basic abc"),), (("authorization", "Bearer "),)):
        with pytest.raises(Unauthenticated):
            bearer_token(metadata)


def test_a_pending_password_change_allows_only_the_calls_that_say_so():
    pending = Principal("a1", "x", DISTRICT_OFFICER, "731", PASSWORD_CHANGE_REQUIRED)
    with pytest.raises(PermissionDenied) as refused:
        authorize(officers(), pending, GetSummaryRequest())
    assert refused.value.reason == PASSWORD_CHANGE_REQUIRED
    authorize(officers(during={PASSWORD_CHANGE_REQUIRED}), pending, GetSummaryRequest())


def test_a_unit_field_defaults_to_the_callers_unit_and_may_not_leave_it():
    rule = officers(CASE_WORKERS, unit_field="unit_code")
    request = GetSummaryRequest()
    authorize(rule, OFFICER, request)
    assert request.unit_code == "731"
    authorize(rule, OFFICER, GetSummaryRequest(unit_code="25993"))  # a ward of Biên Hòa
    for outside in ("732", "75", "79"):
        with pytest.raises(PermissionDenied):
            authorize(rule, OFFICER, GetSummaryRequest(unit_code=outside))


def test_a_role_the_rule_does_not_name_is_refused():
    with pytest.raises(PermissionDenied):
        authorize(officers({"PROVINCE_ADMIN"}), OFFICER, GetSummaryRequest())


def test_a_password_change_refuses_the_tokens_issued_before_it_to_the_microsecond():
    changed = NOON + timedelta(seconds=1, microseconds=500_001)
    state = AccountState(disabled=False, tokens_valid_from=changed)
    check = verifier(NOON + timedelta(minutes=1)).verify
    # Within the same second: the token just before the change is refused, the one just
    # after (the officer's new login) is accepted.
    before = check(issued(at=changed - timedelta(microseconds=1)))
    with pytest.raises(Unauthenticated) as refused:
        check_account(before, state)
    assert refused.value.reason == "TOKEN_REVOKED"
    for at in (changed, changed + timedelta(microseconds=1)):
        check_account(check(issued(at=at)), state)
    check_account(before, AccountState(disabled=False))
    check_account(before, None)


def test_a_disabled_account_refuses_even_its_newest_token():
    token = verifier(NOON).verify(issued())
    with pytest.raises(Unauthenticated) as refused:
        check_account(token, AccountState(disabled=True, tokens_valid_from=NOON))
    assert refused.value.reason == "ACCOUNT_DISABLED"
