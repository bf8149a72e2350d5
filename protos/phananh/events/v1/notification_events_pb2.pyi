import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from phananh.notification.v1 import notification_pb2 as _notification_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MessageStatusChanged(_message.Message):
    __slots__ = ("message_id", "complaint_id", "kind", "status", "changed_at")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    complaint_id: str
    kind: _notification_pb2.MessageKind
    status: _notification_pb2.MessageStatus
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, message_id: _Optional[str] = ..., complaint_id: _Optional[str] = ..., kind: _Optional[_Union[_notification_pb2.MessageKind, str]] = ..., status: _Optional[_Union[_notification_pb2.MessageStatus, str]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
