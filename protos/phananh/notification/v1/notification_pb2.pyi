import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MessageKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_KIND_UNSPECIFIED: _ClassVar[MessageKind]
    MESSAGE_KIND_COMPLAINT_RECEIVED: _ClassVar[MessageKind]

class MessageStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_STATUS_UNSPECIFIED: _ClassVar[MessageStatus]
    MESSAGE_STATUS_QUEUED: _ClassVar[MessageStatus]
    MESSAGE_STATUS_SENT: _ClassVar[MessageStatus]
    MESSAGE_STATUS_DELIVERED: _ClassVar[MessageStatus]
    MESSAGE_STATUS_FAILED: _ClassVar[MessageStatus]
MESSAGE_KIND_UNSPECIFIED: MessageKind
MESSAGE_KIND_COMPLAINT_RECEIVED: MessageKind
MESSAGE_STATUS_UNSPECIFIED: MessageStatus
MESSAGE_STATUS_QUEUED: MessageStatus
MESSAGE_STATUS_SENT: MessageStatus
MESSAGE_STATUS_DELIVERED: MessageStatus
MESSAGE_STATUS_FAILED: MessageStatus

class Message(_message.Message):
    __slots__ = ("message_id", "tracking_code", "kind", "status", "event_id", "created_at")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    tracking_code: str
    kind: MessageKind
    status: MessageStatus
    event_id: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, message_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., kind: _Optional[_Union[MessageKind, str]] = ..., status: _Optional[_Union[MessageStatus, str]] = ..., event_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMessagesRequest(_message.Message):
    __slots__ = ("tracking_code",)
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    def __init__(self, tracking_code: _Optional[str] = ...) -> None: ...

class ListMessagesResponse(_message.Message):
    __slots__ = ("messages",)
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[Message]
    def __init__(self, messages: _Optional[_Iterable[_Union[Message, _Mapping]]] = ...) -> None: ...
