"""Bodies refused early: a declared Content-Length over the limit is refused before anything
is read, and a body without one is counted as it streams in and refused once it passes."""

from starlette.requests import Request

from gateway.errors import error_response


class BodyTooLarge(Exception):
    pass


def limited(request: Request, limit: int) -> Request:
    """The same request, whose body raises BodyTooLarge past `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    received = 0

    async def receive():
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLarge
        return message

    return Request(request.scope, receive)


def refused(field: str, description: str):
    """The contract's 400 for one bad field of a body the route reads itself."""
    return error_response(
        "INVALID_ARGUMENT", f"invalid fields: {field}", violations=[(field, description)]
    )
