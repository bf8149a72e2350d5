import datetime

from google.protobuf import any_pb2 as _any_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EventEnvelope(_message.Message):
    __slots__ = ("event_id", "producer", "occurred_at", "payload")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    producer: str
    occurred_at: _timestamp_pb2.Timestamp
    payload: _any_pb2.Any
    def __init__(self, event_id: _Optional[str] = ..., producer: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., payload: _Optional[_Union[_any_pb2.Any, _Mapping]] = ...) -> None: ...

class DeliverEventRequest(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: EventEnvelope
    def __init__(self, event: _Optional[_Union[EventEnvelope, _Mapping]] = ...) -> None: ...

class DeliverEventResponse(_message.Message):
    __slots__ = ("already_applied",)
    ALREADY_APPLIED_FIELD_NUMBER: _ClassVar[int]
    already_applied: bool
    def __init__(self, already_applied: _Optional[bool] = ...) -> None: ...

class DeliverEventsRequest(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[BatchedEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[BatchedEvent, _Mapping]]] = ...) -> None: ...

class BatchedEvent(_message.Message):
    __slots__ = ("event", "traceparent")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    event: EventEnvelope
    traceparent: str
    def __init__(self, event: _Optional[_Union[EventEnvelope, _Mapping]] = ..., traceparent: _Optional[str] = ...) -> None: ...

class DeliverEventsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[EventResult]
    def __init__(self, results: _Optional[_Iterable[_Union[EventResult, _Mapping]]] = ...) -> None: ...

class EventResult(_message.Message):
    __slots__ = ("status", "already_applied")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ALREADY_APPLIED_FIELD_NUMBER: _ClassVar[int]
    status: _status_pb2.Status
    already_applied: bool
    def __init__(self, status: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., already_applied: _Optional[bool] = ...) -> None: ...
