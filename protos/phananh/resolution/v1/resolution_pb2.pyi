import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import date_pb2 as _date_pb2
from phananh.types.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MatchReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_REASON_UNSPECIFIED: _ClassVar[MatchReason]
    MATCH_REASON_NATIONAL_ID: _ClassVar[MatchReason]
    MATCH_REASON_PHONE: _ClassVar[MatchReason]
    MATCH_REASON_NAME_DOB: _ClassVar[MatchReason]
MATCH_REASON_UNSPECIFIED: MatchReason
MATCH_REASON_NATIONAL_ID: MatchReason
MATCH_REASON_PHONE: MatchReason
MATCH_REASON_NAME_DOB: MatchReason

class Case(_message.Message):
    __slots__ = ("case_id", "tracking_code", "status", "category", "unit_code", "submitted_at", "due_at", "version", "overdue", "at_risk")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    AT_RISK_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    tracking_code: str
    status: _types_pb2.CaseStatus
    category: _types_pb2.ComplaintCategory
    unit_code: str
    submitted_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    version: int
    overdue: bool
    at_risk: bool
    def __init__(self, case_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., category: _Optional[_Union[_types_pb2.ComplaintCategory, str]] = ..., unit_code: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., overdue: _Optional[bool] = ..., at_risk: _Optional[bool] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "unit_code", "status", "overdue")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    unit_code: str
    status: _types_pb2.CaseStatus
    overdue: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., unit_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., overdue: _Optional[bool] = ...) -> None: ...

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

class RecordedDose(_message.Message):
    __slots__ = ("dose_id", "dose_number", "vaccinated_on", "vaccine_code", "lot_number", "facility_code")
    DOSE_ID_FIELD_NUMBER: _ClassVar[int]
    DOSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VACCINATED_ON_FIELD_NUMBER: _ClassVar[int]
    VACCINE_CODE_FIELD_NUMBER: _ClassVar[int]
    LOT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FACILITY_CODE_FIELD_NUMBER: _ClassVar[int]
    dose_id: str
    dose_number: int
    vaccinated_on: _date_pb2.Date
    vaccine_code: str
    lot_number: str
    facility_code: str
    def __init__(self, dose_id: _Optional[str] = ..., dose_number: _Optional[int] = ..., vaccinated_on: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., vaccine_code: _Optional[str] = ..., lot_number: _Optional[str] = ..., facility_code: _Optional[str] = ...) -> None: ...

class Certificate(_message.Message):
    __slots__ = ("level", "certificate_id", "version")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.CertificateLevel
    certificate_id: str
    version: int
    def __init__(self, level: _Optional[_Union[_types_pb2.CertificateLevel, str]] = ..., certificate_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class RegistryCitizen(_message.Message):
    __slots__ = ("citizen_id", "full_name", "date_of_birth", "gender", "phone", "national_id", "address", "doses", "certificate", "merged_into")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    GENDER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DOSES_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    full_name: str
    date_of_birth: _date_pb2.Date
    gender: _types_pb2.Gender
    phone: str
    national_id: str
    address: _types_pb2.Address
    doses: _containers.RepeatedCompositeFieldContainer[RecordedDose]
    certificate: Certificate
    merged_into: str
    def __init__(self, citizen_id: _Optional[str] = ..., full_name: _Optional[str] = ..., date_of_birth: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., gender: _Optional[_Union[_types_pb2.Gender, str]] = ..., phone: _Optional[str] = ..., national_id: _Optional[str] = ..., address: _Optional[_Union[_types_pb2.Address, _Mapping]] = ..., doses: _Optional[_Iterable[_Union[RecordedDose, _Mapping]]] = ..., certificate: _Optional[_Union[Certificate, _Mapping]] = ..., merged_into: _Optional[str] = ...) -> None: ...

class ImportRegistryRequest(_message.Message):
    __slots__ = ("csv",)
    CSV_FIELD_NUMBER: _ClassVar[int]
    csv: bytes
    def __init__(self, csv: _Optional[bytes] = ...) -> None: ...

class ImportRegistryResponse(_message.Message):
    __slots__ = ("citizens", "doses", "citizen_ids")
    class CitizenIdsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CITIZENS_FIELD_NUMBER: _ClassVar[int]
    DOSES_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_IDS_FIELD_NUMBER: _ClassVar[int]
    citizens: int
    doses: int
    citizen_ids: _containers.ScalarMap[str, str]
    def __init__(self, citizens: _Optional[int] = ..., doses: _Optional[int] = ..., citizen_ids: _Optional[_Mapping[str, str]] = ...) -> None: ...

class SearchCitizensRequest(_message.Message):
    __slots__ = ("national_id", "phone")
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    national_id: str
    phone: str
    def __init__(self, national_id: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class SearchCitizensResponse(_message.Message):
    __slots__ = ("citizens",)
    CITIZENS_FIELD_NUMBER: _ClassVar[int]
    citizens: _containers.RepeatedCompositeFieldContainer[RegistryCitizen]
    def __init__(self, citizens: _Optional[_Iterable[_Union[RegistryCitizen, _Mapping]]] = ...) -> None: ...

class GetCitizenRequest(_message.Message):
    __slots__ = ("citizen_id",)
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    def __init__(self, citizen_id: _Optional[str] = ...) -> None: ...

class GetCitizenResponse(_message.Message):
    __slots__ = ("citizen",)
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    citizen: RegistryCitizen
    def __init__(self, citizen: _Optional[_Union[RegistryCitizen, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("citizen", "matched_on")
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    MATCHED_ON_FIELD_NUMBER: _ClassVar[int]
    citizen: RegistryCitizen
    matched_on: _containers.RepeatedScalarFieldContainer[MatchReason]
    def __init__(self, citizen: _Optional[_Union[RegistryCitizen, _Mapping]] = ..., matched_on: _Optional[_Iterable[_Union[MatchReason, str]]] = ...) -> None: ...

class MergeProposal(_message.Message):
    __slots__ = ("citizen_id", "duplicate_citizen_id")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    duplicate_citizen_id: str
    def __init__(self, citizen_id: _Optional[str] = ..., duplicate_citizen_id: _Optional[str] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ("evidence_id", "content_type", "size_bytes")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    content_type: str
    size_bytes: int
    def __init__(self, evidence_id: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class HistoryEntry(_message.Message):
    __slots__ = ("at", "actor", "action", "note")
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    actor: str
    action: str
    note: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case", "complaint", "evidence", "candidates", "warnings", "history", "merge_proposals")
    CASE_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    MERGE_PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    case: Case
    complaint: _types_pb2.Complaint
    evidence: _containers.RepeatedCompositeFieldContainer[Evidence]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    warnings: _containers.RepeatedCompositeFieldContainer[_types_pb2.Warning]
    history: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    merge_proposals: _containers.RepeatedCompositeFieldContainer[MergeProposal]
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., complaint: _Optional[_Union[_types_pb2.Complaint, _Mapping]] = ..., evidence: _Optional[_Iterable[_Union[Evidence, _Mapping]]] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[_types_pb2.Warning, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ..., merge_proposals: _Optional[_Iterable[_Union[MergeProposal, _Mapping]]] = ...) -> None: ...

class GetCaseEvidenceRequest(_message.Message):
    __slots__ = ("case_id", "evidence_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence_id: str
    def __init__(self, case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ...) -> None: ...

class GetCaseEvidenceResponse(_message.Message):
    __slots__ = ("evidence_id", "content_type", "content")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    content_type: str
    content: bytes
    def __init__(self, evidence_id: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...
