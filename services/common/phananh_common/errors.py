"""Errors the domain raises, named by the gRPC code they map to, without importing gRPC.

The server interceptor turns them into `google.rpc.Status` with details; the gateway turns
that into the HTTP error body. Messages must never contain personal data.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str
    # Which rule the value broke, for clients that word it themselves (a page's language).
    reason: str = ""


class ServiceError(Exception):
    code = "INTERNAL"

    def __init__(self, message: str, *, reason: str = "", violations=()):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.violations: tuple[FieldViolation, ...] = tuple(violations)


class InvalidArgument(ServiceError):
    code = "INVALID_ARGUMENT"

    @classmethod
    def of(cls, violations: list[FieldViolation]) -> "InvalidArgument":
        fields = ", ".join(v.field for v in violations)
        return cls(f"invalid fields: {fields}", violations=violations)

    @classmethod
    def on(cls, field: str, description: str, reason: str = "") -> "InvalidArgument":
        return cls.of([FieldViolation(field, description, reason)])


class NotFound(ServiceError):
    code = "NOT_FOUND"


class AlreadyExists(ServiceError):
    code = "ALREADY_EXISTS"


class FailedPrecondition(ServiceError):
    code = "FAILED_PRECONDITION"


class Aborted(ServiceError):
    code = "ABORTED"


class PermissionDenied(ServiceError):
    code = "PERMISSION_DENIED"


class Unauthenticated(ServiceError):
    code = "UNAUTHENTICATED"


class ResourceExhausted(ServiceError):
    """A limit reached; `retry_after_seconds` (RetryInfo, HTTP's Retry-After) says when
    trying again may succeed."""

    code = "RESOURCE_EXHAUSTED"

    def __init__(self, message: str, *, retry_after_seconds: int = 0, reason: str = ""):
        super().__init__(message, reason=reason)
        self.retry_after_seconds = retry_after_seconds


class Unimplemented(ServiceError):
    code = "UNIMPLEMENTED"


class Violations:
    """Collects every field violation of one request, so the caller sees them all at once."""

    def __init__(self):
        self.items: list[FieldViolation] = []

    def add(self, field: str, description: str, reason: str = "") -> None:
        self.items.append(FieldViolation(field, description, reason))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidArgument.of(self.items)
