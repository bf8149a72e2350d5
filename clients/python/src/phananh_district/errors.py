"""What a call that failed tells its caller, in plain words: the server refused it (with the
error's reason and field violations), or the server could not be reached (and why, when the
connection's failure says it: TLS spoken to a plaintext port, a certificate from another CA)."""

from dataclasses import dataclass, field

import grpc
from google.rpc import error_details_pb2, status_pb2

# The server's reasons (ErrorInfo.reason), as a district's officer reads them.
PLAIN_REASONS = {
    "STALE_VERSION": "case changed since you read it",
    "CASE_CLOSED": "case is closed already",
    "NEEDS_INFO": "the citizen has been asked already",
    "RECORD_OUTSIDE_UNIT": "the record lies outside your unit",
    "PASSWORD_CHANGE_REQUIRED": "the account must change its password first",
    "ACCOUNT_DISABLED": "the account is disabled",
    "TOKEN_REVOKED": "the account's tokens were revoked",
}
PLAIN_CODES = {
    grpc.StatusCode.UNAUTHENTICATED: "not authenticated",
    grpc.StatusCode.PERMISSION_DENIED: "not allowed",
    grpc.StatusCode.NOT_FOUND: "not found (or outside your unit)",
    grpc.StatusCode.INVALID_ARGUMENT: "invalid request",
    grpc.StatusCode.FAILED_PRECONDITION: "not possible now",
    grpc.StatusCode.ABORTED: "case changed since you read it, or is closed",
    grpc.StatusCode.RESOURCE_EXHAUSTED: "too many requests: try again later",
}


class PhananhError(Exception):
    """A call to the server that failed."""


@dataclass
class Refused(PhananhError):
    """The server answered, and refused."""

    code: str
    summary: str
    message: str = ""
    reason: str = ""
    # (field, description) of each invalid field.
    violations: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [self.summary, *([f"server: {self.message}"] if self.message else [])]
        lines += [f"{name}: {description}" for name, description in self.violations]
        return "\n  ".join(lines)


class Unreachable(PhananhError):
    """The server could not be reached, did not answer in time, or cannot serve the call for
    now: worth trying again later."""


def _details(error: grpc.RpcError) -> tuple[str, list[tuple[str, str]]]:
    """The ErrorInfo reason and the BadRequest field violations that the error carries."""
    status = status_pb2.Status()
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status.ParseFromString(value)
    info, bad = error_details_pb2.ErrorInfo(), error_details_pb2.BadRequest()
    for detail in status.details:
        for message in (info, bad):
            if detail.Is(message.DESCRIPTOR):
                detail.Unpack(message)
    return info.reason, [(v.field, v.description) for v in bad.field_violations]


def _why_unreachable(details: str, plaintext: bool) -> str:
    if "CERTIFICATE_VERIFY_FAILED" in details:
        return "the server's certificate is not signed by a CA this client trusts (--ca-file)"
    if "WRONG_VERSION_NUMBER" in details or "SSL" in details:
        return "the TLS handshake failed: does the server speak TLS? (--plaintext if not)"
    if plaintext and ("Socket closed" in details or "connection reset" in details.lower()):
        return "the server closed the plaintext connection: it may expect TLS (--ca-file)"
    if "Connection refused" in details or "connect" in details.lower():
        return "nothing answers at that address"
    return details


def translated(error: grpc.RpcError, target: str, plaintext: bool, exchange: bool) -> PhananhError:
    """The call's error in plain words; `exchange`: the call was the API key's exchange."""
    code, details = error.code(), error.details() or ""
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return Unreachable(f"cannot reach {target}: no answer in time")
    if code == grpc.StatusCode.UNAVAILABLE and error.trailing_metadata():
        # The server answered (its status details): what it needs is down for now.
        return Unreachable(f"{target} cannot serve the call now: {details}")
    if code == grpc.StatusCode.UNAVAILABLE:
        return Unreachable(f"cannot reach {target}: {_why_unreachable(details, plaintext)}")
    reason, violations = _details(error)
    if exchange and code == grpc.StatusCode.UNAUTHENTICATED:
        summary = "API key rejected"
    else:
        summary = PLAIN_REASONS.get(reason) or PLAIN_CODES.get(code, code.name.lower())
    return Refused(code.name, summary, details, reason, violations)
