"""The published schema says what the gateway answers: bad input is a 400 with the contract's
error body (never FastAPI's 422), officer calls may be refused with 401 or 403, a call naming
something by its path may find nothing (404), and every other error is the same body with the
status of the contract's table (409, 429, 503, 504, …)."""

from fastapi import FastAPI

ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
_REFUSALS = {
    "400": "bad input: the fields at fault in `field_violations`",
    "401": "no access token, or one that is invalid or expired",
    "403": "the caller's role or unit may not make this call",
    "404": "nothing of that name inside the caller's reach",
    "default": "any other error: those of the contract's table (409, 429, 503, 504, …) and 413 "
    "for a body over its limit",
}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _refusals(operation: dict) -> list[str]:
    codes = ["400", "default"]
    if operation.get("security"):
        codes += ["401", "403"]
    if any(p.get("in") == "path" for p in operation.get("parameters", ())):
        codes.append("404")
    return codes


def contract_schema(app: FastAPI) -> dict:
    """FastAPI's schema (made once and kept by the app), with the contract's errors."""
    if app.openapi_schema is None:
        schema = FastAPI.openapi(app)
        for path, operations in schema["paths"].items():
            if not path.startswith("/api/"):
                continue
            for operation in operations.values():
                responses = operation["responses"]
                responses.pop("422", None)
                for code in _refusals(operation):
                    responses.setdefault(code, {"description": _REFUSALS[code]}).update(ERROR)
        for name in _FASTAPI_VALIDATION:
            schema["components"]["schemas"].pop(name, None)
    return app.openapi_schema
