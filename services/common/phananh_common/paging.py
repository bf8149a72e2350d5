"""Keyset paging for list RPCs: `page_size` (0 means the default) and an opaque `page_token`
holding the sort key of the last row of the previous page."""

import base64
import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from phananh_common.errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
_NOT_A_TOKEN = FieldViolation("page_token", "is not a token from a previous page")


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
        raise InvalidArgument.of([_NOT_A_TOKEN])
    return key


def page_token(at: datetime, key: uuid.UUID) -> str:
    """The token after a row sorted by an instant, then an id (the usual order)."""
    return encode_page_token(at.isoformat(), str(key))


def split_page(rows: list, size: int, token_of: Callable[[Any], str]) -> tuple[list, str]:
    """Rows read `size + 1` at a time (the extra one says there is more): the page, and the
    token after its last row ("" on the last page)."""
    page = rows[:size]
    return page, token_of(page[-1]) if len(rows) > size else ""


def id_after(token: str) -> int | None:
    """The row id a token names (rows sorted by a growing id, newest first); None for the first
    page."""
    if not token:
        return None
    (row_id,) = decode_page_token(token, 1)
    if not row_id.isdigit():
        raise InvalidArgument.of([_NOT_A_TOKEN])
    return int(row_id)


def page_after(token: str) -> tuple[datetime, uuid.UUID] | None:
    """The (instant, id) a token names; None for the first page (no token)."""
    if not token:
        return None
    at, key = decode_page_token(token, 2)
    try:
        return datetime.fromisoformat(at), uuid.UUID(key)
    except ValueError:
        raise InvalidArgument.of([_NOT_A_TOKEN]) from None
