import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from phananh.types.v1 import types_pb2 as _types_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseStatusChanged(_message.Message):
    __slots__ = ("case_id", "complaint_id", "tracking_code", "status", "unit_code", "due_at", "changed_at", "version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    complaint_id: str
    tracking_code: str
    status: _types_pb2.CaseStatus
    unit_code: str
    due_at: _timestamp_pb2.Timestamp
    changed_at: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, case_id: _Optional[str] = ..., complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., unit_code: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...
