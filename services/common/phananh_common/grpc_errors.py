"""Domain errors to `google.rpc.Status` (with BadRequest field violations and ErrorInfo
reason) on the server, and back to a plain description on the client side."""

import logging

import grpc
from google.protobuf.any_pb2 import Any as AnyPb
from google.protobuf.duration_pb2 import Duration
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from phananh_common.database import database_unavailable
from phananh_common.errors import ServiceError
from phananh_common.logs import current_rpc

log = logging.getLogger(__name__)

ERROR_DOMAIN = "phananh"


def to_status(error: ServiceError) -> grpc.Status:
    details = []
    if error.violations:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description, reason=v.reason
                )
                for v in error.violations
            ]
        )
        details.append(bad_request)
    if error.reason:
        details.append(error_details_pb2.ErrorInfo(reason=error.reason, domain=ERROR_DOMAIN))
    retry_after = getattr(error, "retry_after_seconds", 0)
    if retry_after > 0:
        details.append(error_details_pb2.RetryInfo(retry_delay=Duration(seconds=retry_after)))
    packed = []
    for detail in details:
        any_detail = AnyPb()
        any_detail.Pack(detail)
        packed.append(any_detail)
    return rpc_status.to_status(
        status_pb2.Status(
            code=code_pb2.Code.Value(error.code), message=error.message, details=packed
        )
    )


class ErrorInterceptor(grpc.aio.ServerInterceptor):
    """Maps ServiceError to its status, the database out of reach to UNAVAILABLE, and anything
    unexpected to INTERNAL without detail, and names the method in the logs of everything the
    call does."""

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary
        method = handler_call_details.method

        async def guarded(request, context):
            current_rpc.set(method)
            try:
                return await inner(request, context)
            except ServiceError as error:
                await context.abort_with_status(to_status(error))
            except grpc.aio.AbortError:
                raise
            except Exception as error:
                if database_unavailable(error):
                    # A database outage is not the call's fault: UNAVAILABLE tells the
                    # client (and the relay) to try again, as for a service that is down.
                    log.warning("database unavailable in %s: %s", method, type(error).__name__)
                    await context.abort(grpc.StatusCode.UNAVAILABLE, "database unavailable")
                log.exception("unhandled error in %s", method)
                await context.abort(grpc.StatusCode.INTERNAL, "internal error")

        return grpc.unary_unary_rpc_method_handler(
            guarded,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def status_details(error: grpc.aio.AioRpcError) -> status_pb2.Status | None:
    """The rich status a server attached to an error, if any."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    return None
