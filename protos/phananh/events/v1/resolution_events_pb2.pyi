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

class OutcomeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_KIND_UNSPECIFIED: _ClassVar[OutcomeKind]
    OUTCOME_KIND_RESOLVED: _ClassVar[OutcomeKind]
    OUTCOME_KIND_REJECTED: _ClassVar[OutcomeKind]
    OUTCOME_KIND_NEEDS_INFO: _ClassVar[OutcomeKind]
    OUTCOME_KIND_DUPLICATE: _ClassVar[OutcomeKind]
OUTCOME_KIND_UNSPECIFIED: OutcomeKind
OUTCOME_KIND_RESOLVED: OutcomeKind
OUTCOME_KIND_REJECTED: OutcomeKind
OUTCOME_KIND_NEEDS_INFO: OutcomeKind
OUTCOME_KIND_DUPLICATE: OutcomeKind

class CaseOutcome(_message.Message):
    __slots__ = ("kind", "reason_code", "message", "certificate_level", "decided_at", "citizen_advice")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ADVICE_FIELD_NUMBER: _ClassVar[int]
    kind: OutcomeKind
    reason_code: str
    message: str
    certificate_level: _types_pb2.CertificateLevel
    decided_at: _timestamp_pb2.Timestamp
    citizen_advice: str
    def __init__(self, kind: _Optional[_Union[OutcomeKind, str]] = ..., reason_code: _Optional[str] = ..., message: _Optional[str] = ..., certificate_level: _Optional[_Union[_types_pb2.CertificateLevel, str]] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., citizen_advice: _Optional[str] = ...) -> None: ...

class CaseStatusChanged(_message.Message):
    __slots__ = ("case_id", "complaint_id", "tracking_code", "status", "unit_code", "due_at", "changed_at", "version", "outcome")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    complaint_id: str
    tracking_code: str
    status: _types_pb2.CaseStatus
    unit_code: str
    due_at: _timestamp_pb2.Timestamp
    changed_at: _timestamp_pb2.Timestamp
    version: int
    outcome: CaseOutcome
    def __init__(self, case_id: _Optional[str] = ..., complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., unit_code: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., outcome: _Optional[_Union[CaseOutcome, _Mapping]] = ...) -> None: ...

class RecordedDose(_message.Message):
    __slots__ = ("dose_id", "dose_number", "vaccinated_on", "vaccine_code", "lot_number", "facility_code", "removed")
    DOSE_ID_FIELD_NUMBER: _ClassVar[int]
    DOSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VACCINATED_ON_FIELD_NUMBER: _ClassVar[int]
    VACCINE_CODE_FIELD_NUMBER: _ClassVar[int]
    LOT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FACILITY_CODE_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    dose_id: str
    dose_number: int
    vaccinated_on: _date_pb2.Date
    vaccine_code: str
    lot_number: str
    facility_code: str
    removed: bool
    def __init__(self, dose_id: _Optional[str] = ..., dose_number: _Optional[int] = ..., vaccinated_on: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., vaccine_code: _Optional[str] = ..., lot_number: _Optional[str] = ..., facility_code: _Optional[str] = ..., removed: _Optional[bool] = ...) -> None: ...

class MergedRecord(_message.Message):
    __slots__ = ("citizen_id", "citizen")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    citizen: _types_pb2.Citizen
    def __init__(self, citizen_id: _Optional[str] = ..., citizen: _Optional[_Union[_types_pb2.Citizen, _Mapping]] = ...) -> None: ...

class RegistryRecordChanged(_message.Message):
    __slots__ = ("citizen_id", "sequence", "source", "case_id", "tracking_code", "citizen", "doses", "merged", "certificate_level", "certificate_id", "certificate_version", "changed_at")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    DOSES_FIELD_NUMBER: _ClassVar[int]
    MERGED_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_ID_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_VERSION_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    sequence: int
    source: str
    case_id: str
    tracking_code: str
    citizen: _types_pb2.Citizen
    doses: _containers.RepeatedCompositeFieldContainer[RecordedDose]
    merged: _containers.RepeatedCompositeFieldContainer[MergedRecord]
    certificate_level: _types_pb2.CertificateLevel
    certificate_id: str
    certificate_version: int
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, citizen_id: _Optional[str] = ..., sequence: _Optional[int] = ..., source: _Optional[str] = ..., case_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., citizen: _Optional[_Union[_types_pb2.Citizen, _Mapping]] = ..., doses: _Optional[_Iterable[_Union[RecordedDose, _Mapping]]] = ..., merged: _Optional[_Iterable[_Union[MergedRecord, _Mapping]]] = ..., certificate_level: _Optional[_Union[_types_pb2.CertificateLevel, str]] = ..., certificate_id: _Optional[str] = ..., certificate_version: _Optional[int] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DigestRecipient(_message.Message):
    __slots__ = ("username", "phone")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    username: str
    phone: str
    def __init__(self, username: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class OverdueDigest(_message.Message):
    __slots__ = ("unit_code", "local_date", "overdue", "at_risk", "recipients", "generated_at", "overdue_rechecks")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    LOCAL_DATE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    AT_RISK_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_RECHECKS_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    local_date: _date_pb2.Date
    overdue: int
    at_risk: int
    recipients: _containers.RepeatedCompositeFieldContainer[DigestRecipient]
    generated_at: _timestamp_pb2.Timestamp
    overdue_rechecks: int
    def __init__(self, unit_code: _Optional[str] = ..., local_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., overdue: _Optional[int] = ..., at_risk: _Optional[int] = ..., recipients: _Optional[_Iterable[_Union[DigestRecipient, _Mapping]]] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue_rechecks: _Optional[int] = ...) -> None: ...

class AccountAccessChanged(_message.Message):
    __slots__ = ("account_id", "disabled", "version", "changed_at", "tokens_valid_from")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    TOKENS_VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    disabled: bool
    version: int
    changed_at: _timestamp_pb2.Timestamp
    tokens_valid_from: _timestamp_pb2.Timestamp
    def __init__(self, account_id: _Optional[str] = ..., disabled: _Optional[bool] = ..., version: _Optional[int] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tokens_valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
