"""How a person's phone and name compare across services: intake's complaints and
resolution's registry must agree on both, or a complaint would never meet its record."""

import re
import unicodedata

import phonenumbers

# Digits and the separators people type; letters are refused (phonenumbers would read them
# as a telephone keypad).
_PHONE_TEXT = re.compile(r"\+?[0-9 .()-]+")


PHONE_FORMAT = "must be a Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx"


def normalise_phone(raw: str) -> str | None:
    """A Vietnamese mobile number (0xxxxxxxxx, +84xxxxxxxxx) in E.164, or None."""
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
