"""Bodies refused early, with 413: every request body is counted as it streams in and
refused once it passes its limit, and a declared Content-Length over the limit is refused
before anything is read. JSON bodies get DEFAULT_MAX_BODY_BYTES; a route that reads an
upload itself raises its own limit (`allow_body`) before reading it."""

from starlette.exceptions import HTTPException
from starlette.requests import Request

from gateway.errors import error_response

# Complaints, decisions and the other JSON bodies are a few kilobytes.
DEFAULT_MAX_BODY_BYTES = 256 * 1024
_LIMIT = "phananh.max_body_bytes"


class BodyTooLarge(HTTPException):
    """An HTTPException, which FastAPI lets through when reading a body fails with it."""

    def __init__(self, limit: int, field: str):
        super().__init__(413, f"{field} over {limit} bytes")
        self.limit = limit
        self.field = field


class BodyLimit:
    """ASGI middleware counting each request's body against the limit in force."""

    def __init__(self, app, default: int = DEFAULT_MAX_BODY_BYTES):
        self.app = app
        self.default = default

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        scope[_LIMIT] = (self.default, "body")
        declared = dict(scope["headers"]).get(b"content-length", b"")
        received = 0

        async def counted():
            nonlocal received
            limit, field = scope[_LIMIT]
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit, field)
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit, field)
            return message

        await self.app(scope, counted, send)


def allow_body(request: Request, limit: int, field: str) -> None:
    """This request's body may be up to `limit` bytes; past it, `field` is refused."""
    request.scope[_LIMIT] = (limit, field)


async def on_body_too_large(_request: Request, error: BodyTooLarge):
    response = error_response(
        "OUT_OF_RANGE",
        f"invalid fields: {error.field}",
        violations=[(error.field, f"must be at most {error.limit} bytes")],
    )
    response.status_code = 413
    return response


def refused(field: str, description: str):
    """The contract's 400 for one bad field of a body the route reads itself."""
    return error_response(
        "INVALID_ARGUMENT", f"invalid fields: {field}", violations=[(field, description)]
    )
