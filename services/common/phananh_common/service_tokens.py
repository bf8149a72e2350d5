"""Service identity: which of our processes makes an internal call.

Every process (the four services and the gateway) holds one secret, `PHANANH_SERVICE_TOKEN_KEY`
(or `_FILE`), and sends with each call it makes to a service, in the `phananh-service-token`
metadata, a short-lived JWT (HMAC-SHA256) naming itself (`sub`) and the service it calls
(`aud`). A token is signed once per audience and reused until shortly before it expires; the
called service checks it once and remembers the answer until then (phananh_common.access).

Officers' tokens are another thing: Ed25519 JWTs of another issuer, signed by resolution alone,
in `authorization`. Neither is ever taken for the other (another key, algorithm, issuer and
metadata key).

Whoever holds the shared key can name any of our services: it keeps out everyone else (citizens,
district clients, other pods of the cluster). Mutual TLS (`PHANANH_GRPC_TLS_*`) is to give each
process a certificate of its own; the peer's identity from the handshake then replaces the token
in `AccessInterceptor._calling_service`, the one place that asks who calls.
"""

import secrets
from datetime import UTC, datetime, timedelta

import jwt

from phananh_common.errors import Unauthenticated
from phananh_common.local_time import Clock, utc_now
from phananh_common.tokens import checked_claims

METADATA_KEY = "phananh-service-token"
# The reason of every refusal of a caller's service identity: for the gateway, a fault of the
# system's own (a key that differs between processes), never the client's.
REFUSED = "SERVICE_IDENTITY_REFUSED"
ISSUER = "phananh-services"
ALGORITHM = "HS256"
# HMAC-SHA256's own strength: a shorter secret is easier to guess than the hash is to break.
MIN_KEY_BYTES = 32
LIFETIME = timedelta(minutes=5)
# A token is replaced once less than this is left, so one sent now still lives when it lands.
RENEW_BEFORE = timedelta(minutes=1)
# How far apart the clocks of two processes may be.
CLOCK_SKEW = timedelta(seconds=30)
# Verified tokens remembered at most: a few per calling process and audience, renewed every
# few minutes; past this the memory starts again (never a leak, whatever callers send).
_REMEMBERED = 1024


def generate_key() -> str:
    """A new secret for PHANANH_SERVICE_TOKEN_KEY (64 URL-safe characters)."""
    return secrets.token_urlsafe(48)


def checked_key(key: str | bytes) -> bytes:
    """The secret as bytes; ValueError when it is too short to be one."""
    raw = key.encode() if isinstance(key, str) else key
    if len(raw) < MIN_KEY_BYTES:
        raise ValueError(
            f"the service token key must be at least {MIN_KEY_BYTES} bytes"
            " (e.g. `openssl rand -base64 48`)"
        )
    return raw


class ServiceTokenSigner:
    """The tokens of one process (`service`), one per audience, renewed before they expire."""

    def __init__(
        self, key: str | bytes, service: str, clock: Clock = utc_now, lifetime: timedelta = LIFETIME
    ):
        self._key = checked_key(key)
        self._service = service
        self._clock = clock
        self._lifetime = lifetime
        self._issued: dict[str, tuple[str, datetime]] = {}

    def token_for(self, audience: str) -> str:
        now = self._clock()
        issued = self._issued.get(audience)
        if issued and issued[1] - now > RENEW_BEFORE:
            return issued[0]
        expires_at = now + self._lifetime
        claims = {
            "iss": ISSUER,
            "sub": self._service,
            "aud": audience,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
        }
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM)
        self._issued[audience] = (token, expires_at)
        return token


class ServiceTokenVerifier:
    """Checks the tokens sent to `audience` (the service that verifies)."""

    def __init__(self, key: str | bytes, audience: str, clock: Clock = utc_now):
        self._key = checked_key(key)
        self._audience = audience
        self._clock = clock
        self._verified: dict[str, tuple[str, datetime]] = {}

    def verify(self, token: str) -> str:
        """The calling service's name; UNAUTHENTICATED when the token is forged, altered,
        expired, issued ahead of this clock or meant for another service."""
        now = self._clock()
        known = self._verified.get(token)
        if known is None:
            known = self._decode(token, now)
            if len(self._verified) >= _REMEMBERED:
                self._verified.clear()
            self._verified[token] = known
        service, expires_at = known
        if expires_at + CLOCK_SKEW <= now:
            raise Unauthenticated("the calling service's token has expired", reason=REFUSED)
        return service

    def _decode(self, token: str, now: datetime) -> tuple[str, datetime]:
        try:
            required = ["iss", "sub", "aud", "iat", "exp"]
            claims = checked_claims(
                token,
                self._key,
                ALGORITHM,
                ISSUER,
                required,
                verify_iat=False,  # below, with the skew allowed
                audience=self._audience,
            )
            service = claims["sub"]
            issued_at = datetime.fromtimestamp(int(claims["iat"]), UTC)
            expires_at = datetime.fromtimestamp(int(claims["exp"]), UTC)
        except (jwt.InvalidTokenError, TypeError, ValueError, OverflowError):
            raise _invalid() from None
        if not isinstance(service, str) or not service:
            raise _invalid()
        if issued_at - CLOCK_SKEW > now:
            raise Unauthenticated(
                "the calling service's token is issued in the future", reason=REFUSED
            )
        return service, expires_at


def _invalid() -> Unauthenticated:
    return Unauthenticated("the calling service's token is not valid", reason=REFUSED)
