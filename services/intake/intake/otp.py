"""One-time codes that prove the citizen holds the phone: six digits, valid five minutes,
five tries, kept only as a salted hash, and rate-limited per phone and per client address.
No I/O: the store keeps the codes, these are the rules."""

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
class IssuedCode:
    code_id: object
    salt: bytes
    digest: bytes
    expires_at: datetime
    attempts: int
    consumed: bool


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_salt() -> bytes:
    return secrets.token_bytes(16)


def digest(code: str, salt: bytes) -> bytes:
    return hashlib.sha256(salt + code.encode()).digest()


class Verdict:
    OK = "OK"
    WRONG = "WRONG"  # counts as an attempt
    REFUSED = "REFUSED"  # no usable code: nothing to count


def verify(issued: IssuedCode | None, typed: str, now: datetime) -> tuple[str, str]:
    """(verdict, what to tell the citizen) for the code typed against the phone's newest."""
    if not typed:
        return Verdict.REFUSED, "is required: ask for a code first"
    if issued is None or issued.consumed:
        return Verdict.REFUSED, "no code is waiting for this phone: ask for a new one"
    if now >= issued.expires_at:
        return Verdict.REFUSED, "has expired: ask for a new one"
    if issued.attempts >= MAX_ATTEMPTS:
        return Verdict.REFUSED, "was typed wrong too often: ask for a new one"
    if not hmac.compare_digest(digest(typed.strip(), issued.salt), issued.digest):
        return Verdict.WRONG, "is wrong"
    return Verdict.OK, ""


def refused(description: str) -> InvalidArgument:
    return InvalidArgument.on("otp", description)
