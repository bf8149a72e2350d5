"""Service tokens name the calling service to the one service they are for, only while they
live, only under the installation's key; the signer renews them before they run out."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import ValidationError

from gateway.config import GatewaySettings
from phananh_common.access import peer_address
from phananh_common.errors import Unauthenticated
from phananh_common.local_time import utc_now
from phananh_common.service_tokens import (
    CLOCK_SKEW,
    LIFETIME,
    RENEW_BEFORE,
    ServiceTokenSigner,
    ServiceTokenVerifier,
    generate_key,
)
from phananh_common.tokens import Principal, TokenSigner, generate_key_pair

KEY = generate_key()
NOON = datetime(2021, 10, 5, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = NOON):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def signed(caller="intake", audience="notification", at=NOON, key=KEY) -> str:
    return ServiceTokenSigner(key, caller, lambda: at).token_for(audience)


def verifier(now=NOON, audience="notification", key=KEY) -> ServiceTokenVerifier:
    return ServiceTokenVerifier(key, audience, lambda: now)


def test_a_token_names_its_caller_to_its_audience_while_it_lives():
    token = signed()
    assert verifier(NOON + LIFETIME - timedelta(seconds=1)).verify(token) == "intake"
    # A clock a little behind the signer's still takes it.
    assert verifier(NOON + LIFETIME + CLOCK_SKEW - timedelta(seconds=1)).verify(token) == "intake"
    with pytest.raises(Unauthenticated, match="expired"):
        verifier(NOON + LIFETIME + CLOCK_SKEW).verify(token)


def test_an_expired_token_stays_refused_once_it_was_taken():
    later = Clock()
    checking = ServiceTokenVerifier(KEY, "notification", later)
    token = signed()
    assert checking.verify(token) == "intake"
    later.now += LIFETIME + CLOCK_SKEW
    with pytest.raises(Unauthenticated, match="expired"):
        checking.verify(token)


def test_a_token_for_another_service_is_refused():
    with pytest.raises(Unauthenticated, match="not valid"):
        verifier(audience="resolution").verify(signed(audience="notification"))


def test_a_token_under_another_key_forged_or_altered_is_refused():
    claims = jwt.decode(signed(), options={"verify_signature": False})
    header, _, signature = signed().split(".")
    altered = jwt.encode(claims | {"sub": "gateway"}, KEY, algorithm="HS256").split(".")[1]
    officer_signing, _ = generate_key_pair()
    officer = TokenSigner(officer_signing, timedelta(minutes=5)).issue(
        Principal("a1", "tinh.admin", "PROVINCE_ADMIN", "75")
    )[0]
    for token in (
        signed(key=generate_key()),  # another installation's key
        f"{header}.{altered}.{signature}",  # a changed claim under the old signature
        jwt.encode(claims, KEY, algorithm="HS512"),  # another algorithm
        jwt.encode(claims | {"iss": "phananh"}, KEY, algorithm="HS256"),  # another issuer
        jwt.encode({k: v for k, v in claims.items() if k != "sub"}, KEY, algorithm="HS256"),
        officer,  # an officer's access token
        "not.a.token",
        "",
    ):
        with pytest.raises(Unauthenticated, match="not valid"):
            verifier().verify(token)


def test_a_token_issued_ahead_of_the_clock_beyond_the_skew_is_refused():
    assert verifier().verify(signed(at=NOON + CLOCK_SKEW)) == "intake"
    with pytest.raises(Unauthenticated, match="future"):
        verifier().verify(signed(at=NOON + CLOCK_SKEW + timedelta(seconds=1)))
    # The same against the real clock: a caller whose clock runs ahead is still taken.
    ahead = utc_now() + CLOCK_SKEW / 2
    assert ServiceTokenVerifier(KEY, "notification").verify(signed(at=ahead)) == "intake"


def test_the_signer_reuses_a_token_and_renews_it_before_it_expires():
    clock = Clock()
    signer = ServiceTokenSigner(KEY, "gateway", clock)
    first = signer.token_for("intake")
    assert signer.token_for("resolution") != first  # one per audience
    clock.now = NOON + LIFETIME - RENEW_BEFORE - timedelta(seconds=1)
    assert signer.token_for("intake") == first
    clock.now += timedelta(seconds=1)
    renewed = signer.token_for("intake")
    assert renewed != first
    # The renewed token lives a whole lifetime from now, past the first one's end.
    assert verifier(NOON + LIFETIME + CLOCK_SKEW, "intake").verify(renewed) == "gateway"


def test_a_short_missing_or_double_key_stops_the_start(tmp_path):
    public = generate_key_pair()[1]
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        GatewaySettings(token_public_key=public, service_token_key="k" * 31)
    with pytest.raises(ValidationError, match="set one of"):
        GatewaySettings(token_public_key=public)
    key_file = tmp_path / "service_token_key"
    key_file.write_text(f"{KEY}\n")
    with pytest.raises(ValidationError, match="set one of"):
        GatewaySettings(
            token_public_key=public, service_token_key=KEY, service_token_key_file=str(key_file)
        )
    from_file = GatewaySettings(token_public_key=public, service_token_key_file=str(key_file))
    assert from_file.service_key == KEY.encode()
    # The secret never shows in the settings' text.
    assert KEY not in repr(GatewaySettings(token_public_key=public, service_token_key=KEY))


@pytest.mark.parametrize(
    ("peer", "address"),
    [
        ("ipv4:10.0.0.5:53122", "10.0.0.5"),
        ("ipv6:%5B::1%5D:53122", "::1"),
        ("ipv6:[2001:db8::7]:443", "2001:db8::7"),
        ("unix:/run/phananh.sock", "unix:/run/phananh.sock"),
    ],
)
def test_a_peer_s_address_is_its_host_without_the_port(peer, address):
    assert peer_address(peer) == address
