import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from phananh.types.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitComplaintRequest(_message.Message):
    __slots__ = ("complaint", "otp")
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    OTP_FIELD_NUMBER: _ClassVar[int]
    complaint: _types_pb2.Complaint
    otp: str
    def __init__(self, complaint: _Optional[_Union[_types_pb2.Complaint, _Mapping]] = ..., otp: _Optional[str] = ...) -> None: ...

class SubmitComplaintResponse(_message.Message):
    __slots__ = ("tracking_code", "status", "submitted_at", "due_at", "warnings", "deduplicated")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    status: _types_pb2.CaseStatus
    submitted_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    warnings: _containers.RepeatedCompositeFieldContainer[_types_pb2.Warning]
    deduplicated: bool
    def __init__(self, tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., warnings: _Optional[_Iterable[_Union[_types_pb2.Warning, _Mapping]]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class GetComplaintStatusRequest(_message.Message):
    __slots__ = ("tracking_code", "phone")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    phone: str
    def __init__(self, tracking_code: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class GetComplaintStatusResponse(_message.Message):
    __slots__ = ("tracking_code", "status", "category", "submitted_at", "due_at")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    status: _types_pb2.CaseStatus
    category: _types_pb2.ComplaintCategory
    submitted_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    def __init__(self, tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., category: _Optional[_Union[_types_pb2.ComplaintCategory, str]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
