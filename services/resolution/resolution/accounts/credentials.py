"""Secrets and their checks: argon2id password hashes, generated passwords, API keys, TOTP,
the keyed usernames of failed logins."""

import hashlib
import hmac
import secrets
import uuid
from datetime import datetime
from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

API_KEY_PREFIX = "phk"
TOTP_ISSUER = "phananh"

_hasher = PasswordHasher()  # argon2id with the library's recommended cost


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unknown_account_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def spend_password_check(password: str) -> None:
    """Takes as long as checking a real password, so an unknown username does not answer
    faster than a known one."""
    password_matches(_unknown_account_hash(), password)


def username_secret(signing_key_pem: str) -> bytes:
    """The key of `username_key`, from the installation's own secret (a new signing key
    forgets the failed logins counted so far)."""
    return hashlib.sha256(b"phananh failed logins\n" + signing_key_pem.encode()).digest()


def username_key(secret: bytes, username: str) -> str:
    """A username as typed at a failed login, as the failures are counted under it: keyed, so
    that a password typed in the username box by mistake cannot be guessed back from it."""
    return hmac.new(secret, username.encode(), hashlib.sha256).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 random bits


def new_api_key() -> tuple[uuid.UUID, str, str]:
    """(key id, secret hash, the key as handed to the client once: "phk_<id>_<secret>")."""
    key_id = uuid.uuid4()
    secret = secrets.token_urlsafe(32)
    return key_id, api_key_hash(secret), f"{API_KEY_PREFIX}_{key_id.hex}_{secret}"


def parse_api_key(api_key: str) -> tuple[uuid.UUID, str] | None:
    prefix, _, rest = api_key.strip().partition("_")
    key_hex, _, secret = rest.partition("_")
    if prefix != API_KEY_PREFIX or not secret:
        return None
    try:
        return uuid.UUID(hex=key_hex), secret
    except ValueError:
        return None


def api_key_hash(secret: str) -> str:
    # A 256-bit random secret needs no slow hash: SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_matches(secret_hash: str, secret: str) -> bool:
    return hmac.compare_digest(secret_hash, api_key_hash(secret))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def totp_matches(secret: str, code: str, now: datetime) -> bool:
    """The code of now, or of the 30-second step before or after (clocks drift)."""
    return pyotp.TOTP(secret).verify(code.strip(), for_time=now, valid_window=1)
