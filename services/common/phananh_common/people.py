"""How a person's phone and name compare across services: intake's complaints and
resolution's registry must agree on both, or a complaint would never meet its record."""

import re
import unicodedata

import phonenumbers

# Digits and the separators people type; letters are refused (phonenumbers would read them
# as a telephone keypad).
_PHONE_TEXT = re.compile(r"\+?[0-9 .()-]+")
# How nearly every number is written: the national prefix or +84, then the 9 digits of the
# national number (a mobile one has 9). These are decided on phonenumbers' own patterns
# without parsing (a bulk import checks millions); any other writing is parsed.
_PLAIN = re.compile(r"(?:0|\+84)([1-9][0-9]{8})")
_VN = phonenumbers.PhoneMetadata.metadata_for_region("VN")


def _test(desc) -> tuple[frozenset[int], re.Pattern]:
    """phonenumbers' test of a national number against one of its descriptions: a possible
    length (none listed: any), then the whole pattern."""
    return frozenset(desc.possible_length or ()), re.compile(desc.national_number_pattern)


_VALID = _test(_VN.general_desc)
_MOBILE = _test(_VN.mobile)
# The types phonenumbers tries before "mobile", in its order: a number matching one is not
# MOBILE (a fixed-line match makes it FIXED_LINE or FIXED_LINE_OR_MOBILE).
_BEFORE_MOBILE = [
    _test(d)
    for d in (
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
    if d is not None and d.national_number_pattern
]


PHONE_FORMAT = "must be a Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx"


def _matches(national_number: str, test: tuple[frozenset[int], re.Pattern]) -> bool:
    lengths, pattern = test
    if lengths and len(national_number) not in lengths:
        return False
    return pattern.fullmatch(national_number) is not None


def _is_mobile(national_number: str) -> bool:
    """phonenumbers.number_type(...) == MOBILE for this Vietnamese national number."""
    return (
        not _VN.same_mobile_and_fixed_line_pattern
        and _matches(national_number, _VALID)
        and not any(_matches(national_number, t) for t in _BEFORE_MOBILE)
        and _matches(national_number, _MOBILE)
    )


def normalise_phone(raw: str) -> str | None:
    """A Vietnamese mobile number (0xxxxxxxxx, +84xxxxxxxxx) in E.164, or None."""
    plain = _PLAIN.fullmatch(raw.strip())
    if plain:
        return f"+84{plain.group(1)}" if _is_mobile(plain.group(1)) else None
    if not _PHONE_TEXT.fullmatch(raw.strip()):
        return None
    try:
        number = phonenumbers.parse(raw.strip(), "VN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def fold(text: str) -> str:
    """Lower case without diacritics and with single spaces, for comparison only (never for
    storage): "Nguyễn  Thị Hồng" → "nguyen thi hong"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())
