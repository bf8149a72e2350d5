import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from phananh.types.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Case(_message.Message):
    __slots__ = ("case_id", "tracking_code", "status", "category", "unit_code", "submitted_at", "due_at", "version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    tracking_code: str
    status: _types_pb2.CaseStatus
    category: _types_pb2.ComplaintCategory
    unit_code: str
    submitted_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, case_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., category: _Optional[_Union[_types_pb2.ComplaintCategory, str]] = ..., unit_code: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "unit_code")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    unit_code: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., unit_code: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RejectionReason(_message.Message):
    __slots__ = ("code", "title", "citizen_advice", "note_required")
    CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ADVICE_FIELD_NUMBER: _ClassVar[int]
    NOTE_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    code: str
    title: str
    citizen_advice: str
    note_required: bool
    def __init__(self, code: _Optional[str] = ..., title: _Optional[str] = ..., citizen_advice: _Optional[str] = ..., note_required: _Optional[bool] = ...) -> None: ...

class ListRejectionReasonsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRejectionReasonsResponse(_message.Message):
    __slots__ = ("reasons",)
    REASONS_FIELD_NUMBER: _ClassVar[int]
    reasons: _containers.RepeatedCompositeFieldContainer[RejectionReason]
    def __init__(self, reasons: _Optional[_Iterable[_Union[RejectionReason, _Mapping]]] = ...) -> None: ...
