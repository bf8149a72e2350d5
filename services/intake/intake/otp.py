"""One-time codes that prove the citizen holds the phone: six digits, valid five minutes,
five tries (the right one included), kept only as a salted hash, and rate-limited per phone
and per client address. No I/O: the store keeps the codes and counts the tries, these are
the rules."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from intake.rate_limits import RateLimit
from phananh_common.errors import InvalidArgument

CODE_DIGITS = 6
VALID_FOR = timedelta(minutes=5)
MAX_ATTEMPTS = 5


# A phone gets a few codes a quarter-hour (an SMS costs money and annoys its owner); one
# address may ask for many phones, as a shared network or a helper at a commune office does.
TOO_MANY = "too many codes were asked for; try again later"
PER_PHONE = RateLimit(3, timedelta(minutes=15), TOO_MANY)
PER_CLIENT_ADDRESS = RateLimit(20, timedelta(hours=1), TOO_MANY)


@dataclass(frozen=True)
class TriedCode:
    """The phone's newest code as one try found it."""

    code_id: object
    salt: bytes
    digest: bytes
    expires_at: datetime
    consumed: bool
    counted: bool  # this try was among the MAX_ATTEMPTS: only then is the code compared


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_salt() -> bytes:
    return secrets.token_bytes(16)


def digest(code: str, salt: bytes) -> bytes:
    return hashlib.sha256(salt + code.encode()).digest()


def typed_code(typed: str) -> str:
    """The code as typed, without surrounding spaces; refused when nothing was typed (which
    is no try)."""
    if not typed.strip():
        raise refused("is required: ask for a code first")
    return typed.strip()


def check(tried: TriedCode | None, typed: str, now: datetime) -> None:
    """Refuses, saying why, unless `typed` is the phone's newest code, unused, in time and
    tried within the limit."""
    if tried is None or tried.consumed:
        raise refused("no code is waiting for this phone: ask for a new one")
    if now >= tried.expires_at:
        raise refused("has expired: ask for a new one")
    if not tried.counted:
        raise refused("was typed wrong too often: ask for a new one")
    if not hmac.compare_digest(digest(typed, tried.salt), tried.digest):
        raise refused("is wrong")


def refused(description: str) -> InvalidArgument:
    return InvalidArgument.on("otp", description)
