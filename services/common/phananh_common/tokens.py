"""Officers' access tokens: short-lived JWTs signed with Ed25519 by resolution (which owns the
accounts) and verified by every service and the gateway with the public key alone, so no
process but resolution can issue one."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from phananh_common.errors import Unauthenticated
from phananh_common.local_time import Clock, utc_now

ISSUER = "phananh"
ALGORITHM = "EdDSA"

# A token's restriction: until the step is done, the token serves only that step's calls.
PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED"
TOTP_ENROLLMENT_REQUIRED = "TOTP_ENROLLMENT_REQUIRED"


@dataclass(frozen=True)
class Principal:
    """Who calls: an officer's account (or a district client acting as one)."""

    account_id: str
    username: str
    role: str
    unit_code: str
    restriction: str = ""
    # When the token was issued (set by the verifier): a password reset or change refuses
    # the tokens issued before it.
    issued_at: datetime | None = None


def generate_key_pair() -> tuple[str, str]:
    """(private key, public key) as PEM text."""
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem.decode(), public_pem.decode()


def load_private_key(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("must be an Ed25519 private key in PEM")
    return key


def load_public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("must be an Ed25519 public key in PEM")
    return key


class TokenSigner:
    def __init__(self, private_key_pem: str, lifetime: timedelta, clock: Clock = utc_now):
        self._key = load_private_key(private_key_pem)
        self._lifetime = lifetime
        self._clock = clock

    def issue(self, principal: Principal, at: datetime | None = None) -> tuple[str, datetime]:
        """The token and the instant it expires; issued `at` (default: now)."""
        now = at or self._clock()
        expires_at = now + self._lifetime
        claims = {
            "iss": ISSUER,
            "sub": principal.account_id,
            "jti": uuid.uuid4().hex,
            # To the microsecond (a JWT NumericDate may have a fraction), so that a token
            # issued just after a password change is told from one issued just before it.
            "iat": round(now.timestamp(), 6),
            "exp": int(expires_at.timestamp()),
            "name": principal.username,
            "role": principal.role,
            "unit": principal.unit_code,
        }
        if principal.restriction:
            claims["rst"] = principal.restriction
        return jwt.encode(claims, self._key, algorithm=ALGORITHM), expires_at


def checked_claims(
    token: str,
    key,
    algorithm: str,
    issuer: str,
    required: list[str],
    *,
    verify_iat: bool = True,
    **checks,
) -> dict:
    """The claims of a token whose signature, algorithm, issuer and required claims hold
    (`checks`: more of jwt.decode's, e.g. `audience`). Its expiry (and its issue unless
    `verify_iat`) is left to the caller, to be checked against the injected clock rather than
    PyJWT's own. Raises jwt.InvalidTokenError."""
    options = {"verify_exp": False, "verify_iat": verify_iat, "require": required}
    return jwt.decode(token, key, algorithms=[algorithm], issuer=issuer, options=options, **checks)


class TokenVerifier:
    def __init__(self, public_key_pem: str, clock: Clock = utc_now):
        self._key = load_public_key(public_key_pem)
        self._clock = clock

    def verify(self, token: str) -> Principal:
        """The token's principal; UNAUTHENTICATED when it is forged, altered or expired."""
        try:
            claims = checked_claims(token, self._key, ALGORITHM, ISSUER, ["exp", "sub", "iss"])
            expires_at = datetime.fromtimestamp(int(claims["exp"]), UTC)
            principal = Principal(
                account_id=str(claims["sub"]),
                username=str(claims["name"]),
                role=str(claims["role"]),
                unit_code=str(claims["unit"]),
                restriction=str(claims.get("rst", "")),
                issued_at=_instant(claims.get("iat")),
            )
        except (jwt.InvalidTokenError, KeyError, TypeError, ValueError):
            raise Unauthenticated("the access token is not valid") from None
        if expires_at <= self._clock():
            raise Unauthenticated("the access token has expired; log in again")
        return principal


def _instant(numeric_date) -> datetime | None:
    if numeric_date is None:
        return None
    if not isinstance(numeric_date, int | float) or isinstance(numeric_date, bool):
        raise TypeError("iat must be a number")
    return datetime.fromtimestamp(numeric_date, UTC)
