import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from phananh.types.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ComplaintSubmitted(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "complaint", "submitted_at", "warnings", "facilities", "source_id", "possible_repeat_of")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    FACILITIES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    POSSIBLE_REPEAT_OF_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    complaint: _types_pb2.Complaint
    submitted_at: _timestamp_pb2.Timestamp
    warnings: _containers.RepeatedCompositeFieldContainer[_types_pb2.Warning]
    facilities: _containers.RepeatedCompositeFieldContainer[ClaimedFacility]
    source_id: str
    possible_repeat_of: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., complaint: _Optional[_Union[_types_pb2.Complaint, _Mapping]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., warnings: _Optional[_Iterable[_Union[_types_pb2.Warning, _Mapping]]] = ..., facilities: _Optional[_Iterable[_Union[ClaimedFacility, _Mapping]]] = ..., source_id: _Optional[str] = ..., possible_repeat_of: _Optional[str] = ...) -> None: ...

class ClaimedFacility(_message.Message):
    __slots__ = ("code", "district_code", "commune_code")
    CODE_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    district_code: str
    commune_code: str
    def __init__(self, code: _Optional[str] = ..., district_code: _Optional[str] = ..., commune_code: _Optional[str] = ...) -> None: ...

class OneTimeCodeRequested(_message.Message):
    __slots__ = ("phone", "code", "expires_at")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    phone: str
    code: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, phone: _Optional[str] = ..., code: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ComplaintSupplemented(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "description", "claimed_doses", "supplemented_at")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_DOSES_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTED_AT_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    description: str
    claimed_doses: _containers.RepeatedCompositeFieldContainer[_types_pb2.ClaimedDose]
    supplemented_at: _timestamp_pb2.Timestamp
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., description: _Optional[str] = ..., claimed_doses: _Optional[_Iterable[_Union[_types_pb2.ClaimedDose, _Mapping]]] = ..., supplemented_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FacilitiesImported(_message.Message):
    __slots__ = ("facilities", "imported_at")
    FACILITIES_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    facilities: _containers.RepeatedCompositeFieldContainer[ImportedFacility]
    imported_at: _timestamp_pb2.Timestamp
    def __init__(self, facilities: _Optional[_Iterable[_Union[ImportedFacility, _Mapping]]] = ..., imported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportedFacility(_message.Message):
    __slots__ = ("code", "name", "district_code", "commune_code")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    district_code: str
    commune_code: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., district_code: _Optional[str] = ..., commune_code: _Optional[str] = ...) -> None: ...

class EvidenceChecked(_message.Message):
    __slots__ = ("complaint_id", "evidence_id", "status", "blurry", "document_kind", "agrees_with_claim")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BLURRY_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    AGREES_WITH_CLAIM_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    evidence_id: str
    status: _types_pb2.CheckStatus
    blurry: bool
    document_kind: _types_pb2.DocumentKind
    agrees_with_claim: bool
    def __init__(self, complaint_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CheckStatus, str]] = ..., blurry: _Optional[bool] = ..., document_kind: _Optional[_Union[_types_pb2.DocumentKind, str]] = ..., agrees_with_claim: _Optional[bool] = ...) -> None: ...

class ComplaintErased(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "pseudonym", "erased_at")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    pseudonym: str
    erased_at: _timestamp_pb2.Timestamp
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., pseudonym: _Optional[str] = ..., erased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
