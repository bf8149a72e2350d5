"""Hypothesis strategies for any protobuf message, from its descriptor: every field of its
type (any value the wire can carry, within bounds that keep a call small), text sometimes
one of the values the system knows (a phone, a unit's code, a date) and an `Any` sometimes
one of the system's events, so that calls reach past the first check."""

import uuid

from google.protobuf import any_pb2, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from hypothesis import strategies as st

from phananh.events.v1 import intake_events_pb2, resolution_events_pb2

F = FieldDescriptor
EVENT_TYPES = [
    *intake_events_pb2.DESCRIPTOR.message_types_by_name.values(),
    *resolution_events_pb2.DESCRIPTOR.message_types_by_name.values(),
]
# Values the services recognise: phones, the province, a district and one of its communes,
# a facility, a vaccine, days, roles, a UUID.
PLAUSIBLE_TEXT = (
    "0912345678",
    "+84912345678",
    "75",
    "731",
    "25993",
    "F731001",
    "AZ",
    "2021-09-01",
    "2021-W40",
    "PROVINCE_ADMIN",
    "OTHER",
    str(uuid.UUID(int=1)),
)
_INTEGERS = {
    F.TYPE_INT32: (-(2**31), 2**31 - 1),
    F.TYPE_SINT32: (-(2**31), 2**31 - 1),
    F.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    F.TYPE_UINT32: (0, 2**32 - 1),
    F.TYPE_FIXED32: (0, 2**32 - 1),
    F.TYPE_INT64: (-(2**63), 2**63 - 1),
    F.TYPE_SINT64: (-(2**63), 2**63 - 1),
    F.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    F.TYPE_UINT64: (0, 2**64 - 1),
    F.TYPE_FIXED64: (0, 2**64 - 1),
}
_MAX_DEPTH = 4


def _text() -> st.SearchStrategy[str]:
    # Protobuf strings are UTF-8: no lone surrogates.
    any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
    return st.one_of(st.sampled_from(PLAUSIBLE_TEXT), any_text)


def _integer(low: int, high: int) -> st.SearchStrategy[int]:
    # Small numbers (page sizes, dose numbers, versions) most often, the extremes too.
    return st.one_of(st.integers(max(low, -3), min(high, 12)), st.integers(low, high))


def _scalar(field: FieldDescriptor, depth: int) -> st.SearchStrategy:
    if field.type in _INTEGERS:
        return _integer(*_INTEGERS[field.type])
    if field.type == F.TYPE_STRING:
        return _text()
    if field.type == F.TYPE_BYTES:
        return st.one_of(st.binary(max_size=200), st.just(b"\x89PNG\r\n\x1a\n" + b"\0" * 16))
    if field.type == F.TYPE_BOOL:
        return st.booleans()
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return st.floats(allow_nan=False, width=32 if field.type == F.TYPE_FLOAT else 64)
    if field.type == F.TYPE_ENUM:
        known = [v.number for v in field.enum_type.values]
        return st.one_of(st.sampled_from(known), st.integers(-2, 40))
    if field.message_type.full_name == "google.protobuf.Any":
        return _any(depth)
    return messages(field.message_type, depth + 1)


def _any(depth: int) -> st.SearchStrategy:
    """An event of this system's (the payload of an envelope), or a type nobody knows."""

    def pack(message) -> any_pb2.Any:
        packed = any_pb2.Any()
        packed.Pack(message)
        return packed

    known = st.one_of(*(messages(d, depth + 1) for d in EVENT_TYPES)).map(pack)
    unknown = st.builds(any_pb2.Any, type_url=_text(), value=st.binary(max_size=40))
    return st.one_of(known, unknown)


def _is_map(field: FieldDescriptor) -> bool:
    return field.type == F.TYPE_MESSAGE and field.message_type.GetOptions().map_entry


def _field(field: FieldDescriptor, depth: int) -> st.SearchStrategy:
    if _is_map(field):
        key, value = (
            field.message_type.fields_by_name["key"],
            field.message_type.fields_by_name["value"],
        )
        return st.dictionaries(_scalar(key, depth), _scalar(value, depth), max_size=3)
    if field.is_repeated:
        return st.lists(_scalar(field, depth), max_size=3)
    return _scalar(field, depth)


def messages(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy:
    """Instances of the message: each field set or left at its default."""
    message_class = message_factory.GetMessageClass(descriptor)
    if depth >= _MAX_DEPTH:
        return st.just(message_class())
    optional = {f.name: _field(f, depth) for f in descriptor.fields}

    def build(values: dict):
        message = message_class()
        for name, value in values.items():
            field = descriptor.fields_by_name[name]
            if _is_map(field):
                getattr(message, name).update(value)
            elif field.is_repeated and field.type == F.TYPE_MESSAGE:
                getattr(message, name).extend(value)
            elif field.is_repeated:
                getattr(message, name)[:] = value
            elif field.type == F.TYPE_MESSAGE:
                getattr(message, name).CopyFrom(value)
            else:
                setattr(message, name, value)
        return message

    return st.fixed_dictionaries({}, optional=optional).map(build)
