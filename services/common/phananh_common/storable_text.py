"""Text PostgreSQL cannot store is refused at the door. A NUL character is valid UTF-8, so
protobuf lets it through, but a `text` column refuses it: the query failed and the caller got
INTERNAL. Every request's string fields are checked here, once for all services."""

import grpc
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from phananh_common.errors import FieldViolation, InvalidArgument

NUL = "\x00"
DESCRIPTION = "must not contain the NUL character"


def _strings_with_nul(value, path: str) -> list[str]:
    if isinstance(value, str):
        return [path] if NUL in value else []
    if isinstance(value, Message):
        return nul_fields(value, f"{path}.")
    return []


def nul_fields(message: Message, prefix: str = "") -> list[str]:
    """The paths (`claimed_doses[1].lot_number`) of the string fields holding a NUL."""
    found = []
    for field, value in message.ListFields():
        path = prefix + field.name
        if field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry:
            for key, item in value.items():
                found += _strings_with_nul(key, f"{path}[{key!r}]")
                found += _strings_with_nul(item, f"{path}[{key!r}]")
        elif field.is_repeated:
            for index, item in enumerate(value):
                found += _strings_with_nul(item, f"{path}[{index}]")
        else:
            found += _strings_with_nul(value, path)
    return found


class StorableTextInterceptor(grpc.aio.ServerInterceptor):
    """INVALID_ARGUMENT naming each string field that holds a NUL; it runs inside the error
    interceptor, so the refusal becomes a status like any other."""

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary

        async def checked(request, context):
            fields = nul_fields(request)
            if fields:
                raise InvalidArgument.of([FieldViolation(f, DESCRIPTION) for f in fields])
            return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(
            checked,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
