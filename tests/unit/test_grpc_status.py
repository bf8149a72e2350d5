"""Domain errors to gRPC status with rich details (google.rpc.Status in the trailers)."""

import asyncpg
import grpc
import pytest
from google.rpc import code_pb2, error_details_pb2, status_pb2
from sqlalchemy.exc import DBAPIError

from intake.domain import accept
from phananh_common import errors
from phananh_common.database import database_unavailable
from phananh_common.errors import FieldViolation, InvalidArgument, PermissionDenied
from phananh_common.grpc_errors import to_status

from .builders import REFERENCE, TODAY, citizen, complaint

DETAILS_KEY = "grpc-status-details-bin"


def _rich(status: grpc.Status) -> status_pb2.Status:
    (value,) = [value for key, value in status.trailing_metadata if key == DETAILS_KEY]
    return status_pb2.Status.FromString(value)


def _unpacked(rich: status_pb2.Status, message_type):
    found = []
    for detail in rich.details:
        if detail.Is(message_type.DESCRIPTOR):
            message = message_type()
            detail.Unpack(message)
            found.append(message)
    return found


def test_invalid_argument_carries_its_field_violations_as_bad_request():
    error = InvalidArgument.of(
        [
            FieldViolation("citizen.phone", "must be a Vietnamese mobile number"),
            FieldViolation("claimed_doses[1].vaccinated_on", "must not be in the future"),
        ]
    )
    status = to_status(error)
    assert status.code == grpc.StatusCode.INVALID_ARGUMENT
    assert status.details == error.message
    rich = _rich(status)
    assert rich.code == code_pb2.INVALID_ARGUMENT
    assert rich.message == error.message
    (bad_request,) = _unpacked(rich, error_details_pb2.BadRequest)
    assert [(v.field, v.description) for v in bad_request.field_violations] == [
        ("citizen.phone", "must be a Vietnamese mobile number"),
        ("claimed_doses[1].vaccinated_on", "must not be in the future"),
    ]
    assert _unpacked(rich, error_details_pb2.ErrorInfo) == []


def test_a_refused_complaint_reaches_the_client_with_every_field():
    bad = complaint(citizen=citizen(phone="123", district_code=""))
    with pytest.raises(InvalidArgument) as raised:
        accept(bad, TODAY, REFERENCE)
    (bad_request,) = _unpacked(_rich(to_status(raised.value)), error_details_pb2.BadRequest)
    assert [v.field for v in bad_request.field_violations] == [
        "citizen.phone",
        "citizen.address.district_code",
    ]


def test_reason_travels_as_error_info():
    error = PermissionDenied("change your password first", reason="PASSWORD_CHANGE_REQUIRED")
    status = to_status(error)
    assert status.code == grpc.StatusCode.PERMISSION_DENIED
    rich = _rich(status)
    (info,) = _unpacked(rich, error_details_pb2.ErrorInfo)
    assert info.reason == "PASSWORD_CHANGE_REQUIRED"
    assert info.domain == "phananh"
    assert _unpacked(rich, error_details_pb2.BadRequest) == []


def test_error_without_violations_or_reason_has_no_details():
    status = to_status(errors.NotFound("no such complaint"))
    assert status.code == grpc.StatusCode.NOT_FOUND
    assert status.details == "no such complaint"
    assert list(_rich(status).details) == []


@pytest.mark.parametrize(
    "error_class",
    [
        errors.ServiceError,
        errors.InvalidArgument,
        errors.NotFound,
        errors.AlreadyExists,
        errors.FailedPrecondition,
        errors.Aborted,
        errors.PermissionDenied,
        errors.Unauthenticated,
        errors.ResourceExhausted,
        errors.Unimplemented,
    ],
)
def test_each_error_maps_to_the_grpc_code_it_is_named_after(error_class):
    status = to_status(error_class("message"))
    assert status.code.name == error_class.code
    assert _rich(status).code == status.code.value[0]


def _raised_from(cause: Exception) -> Exception:
    """`cause` as SQLAlchemy re-raises a driver's error: wrapped, with the driver's as cause."""
    try:
        try:
            raise cause
        except Exception as error:
            raise DBAPIError("SELECT 1", None, error) from error
    except DBAPIError as wrapped:
        return wrapped


def test_the_database_out_of_reach_is_unavailable_not_an_internal_error():
    assert database_unavailable(asyncpg.exceptions.CannotConnectNowError("starting up"))
    assert database_unavailable(_raised_from(asyncpg.exceptions.AdminShutdownError("stop")))
    assert database_unavailable(FileNotFoundError(2, "no socket"))
    assert database_unavailable(ConnectionRefusedError())
    assert not database_unavailable(_raised_from(asyncpg.exceptions.UniqueViolationError("x")))
    assert not database_unavailable(ValueError("a bug"))


def test_a_limit_reached_says_when_to_try_again():
    status = _rich(to_status(errors.ResourceExhausted("slow down", retry_after_seconds=90)))
    retry = error_details_pb2.RetryInfo()
    assert [d.Unpack(retry) for d in status.details] == [True]
    assert retry.retry_delay.seconds == 90
