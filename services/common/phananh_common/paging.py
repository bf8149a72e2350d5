"""Keyset paging for list RPCs: `page_size` (0 means the default) and an opaque `page_token`
holding the position after the last row of the previous page (an instant and an id)."""

import base64
import uuid
from datetime import datetime

from phananh_common.errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_size(requested: int) -> int:
    if not 0 <= requested <= MAX_PAGE_SIZE:
        raise InvalidArgument.of(
            [FieldViolation("page_size", f"must be between 0 and {MAX_PAGE_SIZE}")]
        )
    return requested or DEFAULT_PAGE_SIZE


def page_token(at: datetime, key: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{key}".encode()).decode()


def page_after(token: str) -> tuple[datetime, uuid.UUID] | None:
    """The position a token names; None for the first page (no token)."""
    if not token:
        return None
    try:
        at, key = base64.urlsafe_b64decode(token.encode()).decode().split("|")
        return datetime.fromisoformat(at), uuid.UUID(key)
    except ValueError:
        raise InvalidArgument.of(
            [FieldViolation("page_token", "is not a token from a previous page")]
        ) from None
