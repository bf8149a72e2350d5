"""How a person's phone and name compare across services: intake's complaints and
resolution's registry must agree on both, or a complaint would never meet its record."""

import re
import unicodedata
from functools import lru_cache

import phonenumbers

# Digits and the separators people type; letters are refused (phonenumbers would read them
# as a telephone keypad).
_PHONE_TEXT = re.compile(r"\+?[0-9 .()-]+")
# How nearly every number is written: the national prefix or +84, then the 9 digits of the
# national number (a mobile one has 9). These are decided on phonenumbers' own patterns
# without parsing (a bulk import checks millions); any other writing is parsed.
_PLAIN_LENGTH = 9
_PLAIN = re.compile(rf"(?:0|\+84)([1-9][0-9]{{{_PLAIN_LENGTH - 1}}})")
_VN = phonenumbers.PhoneMetadata.metadata_for_region("VN")


def _pattern(*descs) -> re.Pattern:
    """One pattern for the descriptions (phonenumbers' number types) that can hold a national
    number of the plain length; one that never matches when none can."""
    patterns = [
        d.national_number_pattern
        for d in descs
        if d is not None
        and d.national_number_pattern
        and (not d.possible_length or _PLAIN_LENGTH in d.possible_length)
    ]
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


# phonenumbers' number_type(...) == MOBILE, for a plain number's nine digits: valid for VN, not
# of a type it tries before "mobile" (a fixed-line match gives FIXED_LINE[_OR_MOBILE]), mobile.
_PLAIN_VALID = _pattern(_VN.general_desc)
_PLAIN_BEFORE_MOBILE = _pattern(
    _VN.premium_rate,
    _VN.toll_free,
    _VN.shared_cost,
    _VN.voip,
    _VN.personal_number,
    _VN.pager,
    _VN.uan,
    _VN.voicemail,
    _VN.fixed_line,
)
_PLAIN_MOBILE = _pattern(None if _VN.same_mobile_and_fixed_line_pattern else _VN.mobile)
# The same decision for a database (a bulk import decides it in SQL): the patterns a plain
# number's nine digits must match, must not match and must match, plain regular expressions
# that PostgreSQL reads alike.
PLAIN_MOBILE_PATTERNS = (_PLAIN_VALID.pattern, _PLAIN_BEFORE_MOBILE.pattern, _PLAIN_MOBILE.pattern)


PHONE_FORMAT = "must be a Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx"


def _is_plain_mobile(national_number: str) -> bool:
    return (
        _PLAIN_VALID.fullmatch(national_number) is not None
        and _PLAIN_BEFORE_MOBILE.fullmatch(national_number) is None
        and _PLAIN_MOBILE.fullmatch(national_number) is not None
    )


def normalise_phone(raw: str) -> str | None:
    """A Vietnamese mobile number (0xxxxxxxxx, +84xxxxxxxxx) in E.164, or None."""
    plain = _PLAIN.fullmatch(raw.strip())
    if plain:
        return f"+84{plain.group(1)}" if _is_plain_mobile(plain.group(1)) else None
    if not _PHONE_TEXT.fullmatch(raw.strip()):
        return None
    return mobile_by_phonenumbers(raw)


def mobile_by_phonenumbers(raw: str) -> str | None:
    """The slow path, and the reference of the fast one: a Vietnamese mobile number in E.164
    as phonenumbers alone decides it."""
    try:
        number = phonenumbers.parse(raw.strip(), "VN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def without_diacritics(text: str) -> str:
    """Vietnamese as brand-name SMS and comparisons write it: "Đồng Nai" → "Dong Nai"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1 << 16)  # names repeat: a bulk import folds millions, few of them new
def fold(text: str) -> str:
    """Lower case without diacritics and with single spaces, for comparison only (never for
    storage): "Nguyễn  Thị Hồng" → "nguyen thi hong"."""
    return " ".join(without_diacritics(text).lower().split())
