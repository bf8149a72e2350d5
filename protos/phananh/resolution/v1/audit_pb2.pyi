import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AccessAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCESS_ACTION_UNSPECIFIED: _ClassVar[AccessAction]
    ACCESS_ACTION_CASE_READ: _ClassVar[AccessAction]
    ACCESS_ACTION_EVIDENCE_READ: _ClassVar[AccessAction]
    ACCESS_ACTION_REGISTRY_READ: _ClassVar[AccessAction]
    ACCESS_ACTION_REGISTRY_SEARCH: _ClassVar[AccessAction]
ACCESS_ACTION_UNSPECIFIED: AccessAction
ACCESS_ACTION_CASE_READ: AccessAction
ACCESS_ACTION_EVIDENCE_READ: AccessAction
ACCESS_ACTION_REGISTRY_READ: AccessAction
ACCESS_ACTION_REGISTRY_SEARCH: AccessAction

class AccessEntry(_message.Message):
    __slots__ = ("at", "actor", "role", "action", "case_id", "citizen_id", "evidence_id", "client_address", "detail")
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    actor: str
    role: str
    action: AccessAction
    case_id: str
    citizen_id: str
    evidence_id: str
    client_address: str
    detail: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., role: _Optional[str] = ..., action: _Optional[_Union[AccessAction, str]] = ..., case_id: _Optional[str] = ..., citizen_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., client_address: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class ListAccessAuditRequest(_message.Message):
    __slots__ = ("actor", "case_id", "citizen_id", "to", "page_size", "page_token")
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actor: str
    case_id: str
    citizen_id: str
    to: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, actor: _Optional[str] = ..., case_id: _Optional[str] = ..., citizen_id: _Optional[str] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., **kwargs) -> None: ...

class ListAccessAuditResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
