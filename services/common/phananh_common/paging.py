"""List requests: `page_size` (0 means the default) and opaque keyset page tokens."""

import base64
import json

from phananh_common.errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_size(requested: int) -> int:
    if not 0 <= requested <= MAX_PAGE_SIZE:
        raise InvalidArgument.of(
            [FieldViolation("page_size", f"must be between 0 and {MAX_PAGE_SIZE}")]
        )
    return requested or DEFAULT_PAGE_SIZE


def encode_page_token(*key: str) -> str:
    """The token of the page that starts after the row with this sort key."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_page_token(token: str, parts: int) -> list[str]:
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
    except ValueError:
        key = None
    if not isinstance(key, list) or len(key) != parts or not all(isinstance(k, str) for k in key):
        raise InvalidArgument.of(
            [FieldViolation("page_token", "is not a token from a previous page")]
        )
    return key
