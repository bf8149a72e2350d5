"""The contract's error body, from gRPC errors (with their rich details) and from request
validation, with the HTTP status of the contract's table. A 500 never carries a trace."""

import logging
import math

import grpc
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from google.rpc import error_details_pb2
from starlette.exceptions import HTTPException
from starlette.routing import Match

from phananh_common.errors import ServiceError
from phananh_common.grpc_errors import status_details
from phananh_common.service_tokens import REFUSED as IDENTITY_REFUSED

log = logging.getLogger(__name__)

HTTP_STATUS = {
    "INVALID_ARGUMENT": 400,
    "FAILED_PRECONDITION": 400,
    "OUT_OF_RANGE": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "ALREADY_EXISTS": 409,
    "ABORTED": 409,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "UNIMPLEMENTED": 501,
    "UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
}

# Messages a client may see for codes whose server-side detail is not for them.
_GENERIC = {
    "UNAVAILABLE": "a service is unavailable, try again shortly",
    "DEADLINE_EXCEEDED": "the request took too long, try again shortly",
    "INTERNAL": "internal error",
    "UNKNOWN": "internal error",
}


def error_body(code: str, message: str, reason: str = "", violations=()) -> dict:
    error: dict = {"code": code, "message": message}
    if reason:
        error["reason"] = reason
    if violations:
        error["field_violations"] = [_violation(*v) for v in violations]
    return {"error": error}


def _violation(field: str, description: str, reason: str = "") -> dict:
    """A field's violation, with the rule it broke when the service names one."""
    return {"field": field, "description": description} | ({"reason": reason} if reason else {})


def error_response(code: str, message: str, reason: str = "", violations=()) -> JSONResponse:
    return JSONResponse(error_body(code, message, reason, violations), HTTP_STATUS.get(code, 500))


async def on_rpc_error(_request: Request, error: grpc.aio.AioRpcError) -> JSONResponse:
    code = error.code().name
    if code in _GENERIC:
        log.warning("downstream call failed with %s", code)
        return error_response(code, _GENERIC[code])
    reason, violations, headers = "", [], {}
    status = status_details(error)
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            violations += [(v.field, v.description, v.reason) for v in bad_request.field_violations]
        elif detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            headers["Retry-After"] = str(
                max(1, math.ceil(retry.retry_delay.ToTimedelta().total_seconds()))
            )
    if reason == IDENTITY_REFUSED:
        # The gateway's own identity, refused: its key is not the services' (a rotation under
        # way, a wrong Secret). Not the client's fault, and not a reason to log in again.
        log.error("a service refused the gateway's identity: check PHANANH_SERVICE_TOKEN_KEY")
        return error_response("UNAVAILABLE", _GENERIC["UNAVAILABLE"])
    response = error_response(code, error.details() or code, reason, violations)
    response.headers.update(headers)
    return response


async def on_service_error(_request: Request, error: ServiceError) -> JSONResponse:
    """What the gateway refuses itself (a missing or invalid access token)."""
    violations = [(v.field, v.description, v.reason) for v in error.violations]
    return error_response(error.code, error.message, error.reason, violations)


def _field_path(location: tuple) -> str:
    """("body", "claimed_doses", 0, "vaccinated_on") → "claimed_doses[0].vaccinated_on"."""
    path = ""
    for part in location[1:] if location and location[0] in ("body", "query", "path") else location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or str(location[0] if location else "body")


async def on_validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    violations = [(_field_path(tuple(e["loc"])), e["msg"]) for e in error.errors()]
    fields = ", ".join(dict.fromkeys(f for f, _ in violations))
    return error_response("INVALID_ARGUMENT", f"invalid fields: {fields}", violations=violations)


# Statuses the framework answers itself, with the gRPC code name the contract's body carries.
_FRAMEWORK_CODES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    413: "OUT_OF_RANGE",
}


def _allowed_methods(request: Request) -> str:
    """Every method of the path: Starlette's 405 names only those of its first route, and a
    path such as /api/v1/accounts has a GET route and a POST route."""
    methods: set[str] = set()
    routes = list(request.app.router.routes)
    while routes:
        route = routes.pop()
        included = getattr(route, "original_router", None)
        if included is not None:
            routes += included.routes
        elif route.matches(dict(request.scope))[0] != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


async def on_http_error(request: Request, error: HTTPException) -> JSONResponse:
    """What Starlette refuses before a route runs (an unknown path or method, a body it
    cannot parse), in the contract's body, with the status the framework chose. Its messages
    quote no input."""
    code = _FRAMEWORK_CODES.get(error.status_code, "UNKNOWN")
    violations = [("body", str(error.detail))] if error.status_code == 400 else []
    headers = dict(getattr(error, "headers", None) or {})
    if error.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    body = error_body(code, str(error.detail), violations=violations)
    return JSONResponse(body, error.status_code, headers=headers)


async def on_unexpected(_request: Request, _error: Exception) -> JSONResponse:
    log.exception("unhandled error")
    return error_response("INTERNAL", "internal error")
