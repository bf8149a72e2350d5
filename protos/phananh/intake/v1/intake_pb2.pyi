import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from phananh.events.v1 import resolution_events_pb2 as _resolution_events_pb2
from phananh.types.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitComplaintRequest(_message.Message):
    __slots__ = ("complaint", "otp", "idempotency_key", "client_address", "privacy_notice_version")
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    OTP_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_NOTICE_VERSION_FIELD_NUMBER: _ClassVar[int]
    complaint: _types_pb2.Complaint
    otp: str
    idempotency_key: str
    client_address: str
    privacy_notice_version: str
    def __init__(self, complaint: _Optional[_Union[_types_pb2.Complaint, _Mapping]] = ..., otp: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., client_address: _Optional[str] = ..., privacy_notice_version: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("tracking_code", "phone", "client_address")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    phone: str
    client_address: str
    def __init__(self, tracking_code: _Optional[str] = ..., phone: _Optional[str] = ..., client_address: _Optional[str] = ...) -> None: ...

class ComplaintOutcome(_message.Message):
    __slots__ = ("kind", "reason_code", "message", "decided_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    kind: _resolution_events_pb2.OutcomeKind
    reason_code: str
    message: str
    decided_at: _timestamp_pb2.Timestamp
    def __init__(self, kind: _Optional[_Union[_resolution_events_pb2.OutcomeKind, str]] = ..., reason_code: _Optional[str] = ..., message: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetComplaintStatusResponse(_message.Message):
    __slots__ = ("tracking_code", "status", "category", "submitted_at", "due_at", "outcome", "certificate_level")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    status: _types_pb2.CaseStatus
    category: _types_pb2.ComplaintCategory
    submitted_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    outcome: ComplaintOutcome
    certificate_level: _types_pb2.CertificateLevel
    def __init__(self, tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., category: _Optional[_Union[_types_pb2.ComplaintCategory, str]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[_Union[ComplaintOutcome, _Mapping]] = ..., certificate_level: _Optional[_Union[_types_pb2.CertificateLevel, str]] = ...) -> None: ...

class RequestOneTimeCodeRequest(_message.Message):
    __slots__ = ("phone", "client_address")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    phone: str
    client_address: str
    def __init__(self, phone: _Optional[str] = ..., client_address: _Optional[str] = ...) -> None: ...

class RequestOneTimeCodeResponse(_message.Message):
    __slots__ = ("expires_at",)
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AddEvidenceRequest(_message.Message):
    __slots__ = ("tracking_code", "phone", "content", "client_address")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    phone: str
    content: bytes
    client_address: str
    def __init__(self, tracking_code: _Optional[str] = ..., phone: _Optional[str] = ..., content: _Optional[bytes] = ..., client_address: _Optional[str] = ...) -> None: ...

class AddEvidenceResponse(_message.Message):
    __slots__ = ("evidence_id", "content_type", "size_bytes", "sharpness", "blurry")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHARPNESS_FIELD_NUMBER: _ClassVar[int]
    BLURRY_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    content_type: str
    size_bytes: int
    sharpness: float
    blurry: bool
    def __init__(self, evidence_id: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sharpness: _Optional[float] = ..., blurry: _Optional[bool] = ...) -> None: ...

class GetEvidenceRequest(_message.Message):
    __slots__ = ("evidence_id",)
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    def __init__(self, evidence_id: _Optional[str] = ...) -> None: ...

class GetEvidenceResponse(_message.Message):
    __slots__ = ("evidence_id", "complaint_id", "tracking_code", "content_type", "content", "added_at")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    complaint_id: str
    tracking_code: str
    content_type: str
    content: bytes
    added_at: _timestamp_pb2.Timestamp
    def __init__(self, evidence_id: _Optional[str] = ..., complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListEvidenceRequest(_message.Message):
    __slots__ = ("complaint_id",)
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    def __init__(self, complaint_id: _Optional[str] = ...) -> None: ...

class EvidenceInfo(_message.Message):
    __slots__ = ("evidence_id", "content_type", "size_bytes", "added_at", "checks")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    content_type: str
    size_bytes: int
    added_at: _timestamp_pb2.Timestamp
    checks: _types_pb2.EvidenceChecks
    def __init__(self, evidence_id: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., checks: _Optional[_Union[_types_pb2.EvidenceChecks, _Mapping]] = ...) -> None: ...

class ListEvidenceResponse(_message.Message):
    __slots__ = ("evidence",)
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    evidence: _containers.RepeatedCompositeFieldContainer[EvidenceInfo]
    def __init__(self, evidence: _Optional[_Iterable[_Union[EvidenceInfo, _Mapping]]] = ...) -> None: ...

class SupplementComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "phone", "description", "claimed_doses", "client_address")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_DOSES_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    phone: str
    description: str
    claimed_doses: _containers.RepeatedCompositeFieldContainer[_types_pb2.ClaimedDose]
    client_address: str
    def __init__(self, tracking_code: _Optional[str] = ..., phone: _Optional[str] = ..., description: _Optional[str] = ..., claimed_doses: _Optional[_Iterable[_Union[_types_pb2.ClaimedDose, _Mapping]]] = ..., client_address: _Optional[str] = ...) -> None: ...

class SupplementComplaintResponse(_message.Message):
    __slots__ = ("tracking_code", "status")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    status: _types_pb2.CaseStatus
    def __init__(self, tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ...) -> None: ...

class Facility(_message.Message):
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

class ImportFacilitiesRequest(_message.Message):
    __slots__ = ("csv",)
    CSV_FIELD_NUMBER: _ClassVar[int]
    csv: bytes
    def __init__(self, csv: _Optional[bytes] = ...) -> None: ...

class ImportFacilitiesResponse(_message.Message):
    __slots__ = ("imported",)
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    imported: int
    def __init__(self, imported: _Optional[int] = ...) -> None: ...

class ListFacilitiesRequest(_message.Message):
    __slots__ = ("district_code",)
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    district_code: str
    def __init__(self, district_code: _Optional[str] = ...) -> None: ...

class ListFacilitiesResponse(_message.Message):
    __slots__ = ("facilities",)
    FACILITIES_FIELD_NUMBER: _ClassVar[int]
    facilities: _containers.RepeatedCompositeFieldContainer[Facility]
    def __init__(self, facilities: _Optional[_Iterable[_Union[Facility, _Mapping]]] = ...) -> None: ...

class GetPrivacyNoticeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPrivacyNoticeResponse(_message.Message):
    __slots__ = ("version", "text")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    version: str
    text: str
    def __init__(self, version: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class EraseComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "client_address")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    client_address: str
    def __init__(self, tracking_code: _Optional[str] = ..., client_address: _Optional[str] = ...) -> None: ...

class EraseComplaintResponse(_message.Message):
    __slots__ = ("tracking_code", "erased_at")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    erased_at: _timestamp_pb2.Timestamp
    def __init__(self, tracking_code: _Optional[str] = ..., erased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
