"""What an officer types in the queue's search box, read as one of the things a case is found
by: its tracking code, the citizen's phone, identity number or name (diacritics and case
folded, any part of it)."""

import re
from dataclasses import dataclass

from phananh_common import tracking_codes
from phananh_common.people import fold, normalise_phone
from resolution.registry.domain.matching import Claimant

# A tracking code: ten letters and digits (as shown, two groups of five).
_CODE = re.compile(r"[0-9A-Z]{10}")
# An identity number: 12 digits (a citizen identity card), 9 (an old identity card).
_NATIONAL_ID = re.compile(r"\d{9}|\d{12}")
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class CaseSearch:
    """One of the fields set: what the cases are searched by."""

    tracking_code: str = ""
    phone: str = ""
    national_id: str = ""
    # Folded; found anywhere in the folded name.
    name: str = ""


def keys(claimant: Claimant) -> dict[str, str]:
    """The columns a case is searched by, from its complaint's citizen."""
    return {
        "citizen_name_folded": fold(claimant.full_name),
        "citizen_phone": claimant.phone,
        "citizen_national_id": claimant.national_id,
    }


def parse(query: str) -> CaseSearch | None:
    """The search a query asks for; None for an empty one (no search)."""
    text = query.strip()
    if not text:
        return None
    compact = re.sub(r"[\s.\-]", "", text)
    if _NATIONAL_ID.fullmatch(compact):
        return CaseSearch(national_id=compact)
    phone = normalise_phone(compact)
    if phone:
        return CaseSearch(phone=phone)
    code = tracking_codes.stored(text)
    if _CODE.fullmatch(code) and any(c.isdigit() for c in code):
        return CaseSearch(tracking_code=code)
    return CaseSearch(name=fold(text))
