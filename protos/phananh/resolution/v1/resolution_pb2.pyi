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

class BulkAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BULK_ACTION_UNSPECIFIED: _ClassVar[BulkAction]
    BULK_ACTION_REJECT: _ClassVar[BulkAction]
    BULK_ACTION_APPROVE_AS_CLAIMED: _ClassVar[BulkAction]

class RecheckStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECHECK_STATUS_UNSPECIFIED: _ClassVar[RecheckStatus]
    RECHECK_STATUS_PENDING: _ClassVar[RecheckStatus]
    RECHECK_STATUS_CONFIRMED: _ClassVar[RecheckStatus]
    RECHECK_STATUS_FLAGGED: _ClassVar[RecheckStatus]
MATCH_REASON_UNSPECIFIED: MatchReason
MATCH_REASON_NATIONAL_ID: MatchReason
MATCH_REASON_PHONE: MatchReason
MATCH_REASON_NAME_DOB: MatchReason
BULK_ACTION_UNSPECIFIED: BulkAction
BULK_ACTION_REJECT: BulkAction
BULK_ACTION_APPROVE_AS_CLAIMED: BulkAction
RECHECK_STATUS_UNSPECIFIED: RecheckStatus
RECHECK_STATUS_PENDING: RecheckStatus
RECHECK_STATUS_CONFIRMED: RecheckStatus
RECHECK_STATUS_FLAGGED: RecheckStatus

class Case(_message.Message):
    __slots__ = ("case_id", "tracking_code", "status", "category", "unit_code", "submitted_at", "due_at", "version", "overdue", "at_risk", "citizen_name", "one_strong_match")
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
    CITIZEN_NAME_FIELD_NUMBER: _ClassVar[int]
    ONE_STRONG_MATCH_FIELD_NUMBER: _ClassVar[int]
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
    citizen_name: str
    one_strong_match: bool
    def __init__(self, case_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., category: _Optional[_Union[_types_pb2.ComplaintCategory, str]] = ..., unit_code: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., overdue: _Optional[bool] = ..., at_risk: _Optional[bool] = ..., citizen_name: _Optional[str] = ..., one_strong_match: _Optional[bool] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "unit_code", "status", "overdue", "evidence_agrees", "q")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_AGREES_FIELD_NUMBER: _ClassVar[int]
    Q_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    unit_code: str
    status: _types_pb2.CaseStatus
    overdue: bool
    evidence_agrees: bool
    q: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., unit_code: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.CaseStatus, str]] = ..., overdue: _Optional[bool] = ..., evidence_agrees: _Optional[bool] = ..., q: _Optional[str] = ...) -> None: ...

class QueueCounts(_message.Message):
    __slots__ = ("total", "overdue", "due_today")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    DUE_TODAY_FIELD_NUMBER: _ClassVar[int]
    total: int
    overdue: int
    due_today: int
    def __init__(self, total: _Optional[int] = ..., overdue: _Optional[int] = ..., due_today: _Optional[int] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token", "counts")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    counts: QueueCounts
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., counts: _Optional[_Union[QueueCounts, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("citizens", "doses", "citizen_ids", "created", "updated", "unchanged")
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
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    citizens: int
    doses: int
    citizen_ids: _containers.ScalarMap[str, str]
    created: int
    updated: int
    unchanged: int
    def __init__(self, citizens: _Optional[int] = ..., doses: _Optional[int] = ..., citizen_ids: _Optional[_Mapping[str, str]] = ..., created: _Optional[int] = ..., updated: _Optional[int] = ..., unchanged: _Optional[int] = ...) -> None: ...

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

class GetCitizenHistoryRequest(_message.Message):
    __slots__ = ("citizen_id",)
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    def __init__(self, citizen_id: _Optional[str] = ...) -> None: ...

class RegistryHistoryEntry(_message.Message):
    __slots__ = ("at", "actor", "source", "case_id", "op", "before_json", "after_json")
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    OP_FIELD_NUMBER: _ClassVar[int]
    BEFORE_JSON_FIELD_NUMBER: _ClassVar[int]
    AFTER_JSON_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    actor: str
    source: str
    case_id: str
    op: str
    before_json: str
    after_json: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., source: _Optional[str] = ..., case_id: _Optional[str] = ..., op: _Optional[str] = ..., before_json: _Optional[str] = ..., after_json: _Optional[str] = ...) -> None: ...

class GetCitizenHistoryResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[RegistryHistoryEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[RegistryHistoryEntry, _Mapping]]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("citizen", "matched_on", "masked", "district_code")
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    MATCHED_ON_FIELD_NUMBER: _ClassVar[int]
    MASKED_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    citizen: RegistryCitizen
    matched_on: _containers.RepeatedScalarFieldContainer[MatchReason]
    masked: bool
    district_code: str
    def __init__(self, citizen: _Optional[_Union[RegistryCitizen, _Mapping]] = ..., matched_on: _Optional[_Iterable[_Union[MatchReason, str]]] = ..., masked: _Optional[bool] = ..., district_code: _Optional[str] = ...) -> None: ...

class MergeProposal(_message.Message):
    __slots__ = ("citizen_id", "duplicate_citizen_id")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    duplicate_citizen_id: str
    def __init__(self, citizen_id: _Optional[str] = ..., duplicate_citizen_id: _Optional[str] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ("evidence_id", "content_type", "size_bytes", "checks")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    content_type: str
    size_bytes: int
    checks: _types_pb2.EvidenceChecks
    def __init__(self, evidence_id: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., checks: _Optional[_Union[_types_pb2.EvidenceChecks, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("case", "complaint", "evidence", "candidates", "warnings", "history", "merge_proposals", "possible_repeat_of", "differences", "proposed_citizen_id", "proposed_corrections")
    CASE_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    MERGE_PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    POSSIBLE_REPEAT_OF_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    case: Case
    complaint: _types_pb2.Complaint
    evidence: _containers.RepeatedCompositeFieldContainer[Evidence]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    warnings: _containers.RepeatedCompositeFieldContainer[_types_pb2.Warning]
    history: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    merge_proposals: _containers.RepeatedCompositeFieldContainer[MergeProposal]
    possible_repeat_of: PossibleRepeat
    differences: _containers.RepeatedCompositeFieldContainer[Difference]
    proposed_citizen_id: str
    proposed_corrections: _containers.RepeatedCompositeFieldContainer[Correction]
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., complaint: _Optional[_Union[_types_pb2.Complaint, _Mapping]] = ..., evidence: _Optional[_Iterable[_Union[Evidence, _Mapping]]] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[_types_pb2.Warning, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ..., merge_proposals: _Optional[_Iterable[_Union[MergeProposal, _Mapping]]] = ..., possible_repeat_of: _Optional[_Union[PossibleRepeat, _Mapping]] = ..., differences: _Optional[_Iterable[_Union[Difference, _Mapping]]] = ..., proposed_citizen_id: _Optional[str] = ..., proposed_corrections: _Optional[_Iterable[_Union[Correction, _Mapping]]] = ...) -> None: ...

class Difference(_message.Message):
    __slots__ = ("citizen_id", "missing_doses", "doses", "person", "corrections")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    MISSING_DOSES_FIELD_NUMBER: _ClassVar[int]
    DOSES_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    missing_doses: _containers.RepeatedScalarFieldContainer[int]
    doses: _containers.RepeatedCompositeFieldContainer[DoseDifference]
    person: _containers.RepeatedCompositeFieldContainer[FieldDifference]
    corrections: _containers.RepeatedCompositeFieldContainer[Correction]
    def __init__(self, citizen_id: _Optional[str] = ..., missing_doses: _Optional[_Iterable[int]] = ..., doses: _Optional[_Iterable[_Union[DoseDifference, _Mapping]]] = ..., person: _Optional[_Iterable[_Union[FieldDifference, _Mapping]]] = ..., corrections: _Optional[_Iterable[_Union[Correction, _Mapping]]] = ...) -> None: ...

class DoseDifference(_message.Message):
    __slots__ = ("dose_number", "field", "claimed", "recorded")
    DOSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_FIELD_NUMBER: _ClassVar[int]
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    dose_number: int
    field: str
    claimed: str
    recorded: str
    def __init__(self, dose_number: _Optional[int] = ..., field: _Optional[str] = ..., claimed: _Optional[str] = ..., recorded: _Optional[str] = ...) -> None: ...

class FieldDifference(_message.Message):
    __slots__ = ("field", "claimed", "recorded")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_FIELD_NUMBER: _ClassVar[int]
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    field: str
    claimed: str
    recorded: str
    def __init__(self, field: _Optional[str] = ..., claimed: _Optional[str] = ..., recorded: _Optional[str] = ...) -> None: ...

class PossibleRepeat(_message.Message):
    __slots__ = ("tracking_code", "case_id")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    case_id: str
    def __init__(self, tracking_code: _Optional[str] = ..., case_id: _Optional[str] = ...) -> None: ...

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

class AddDose(_message.Message):
    __slots__ = ("dose_number", "vaccinated_on", "vaccine_code", "lot_number", "facility_code")
    DOSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VACCINATED_ON_FIELD_NUMBER: _ClassVar[int]
    VACCINE_CODE_FIELD_NUMBER: _ClassVar[int]
    LOT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FACILITY_CODE_FIELD_NUMBER: _ClassVar[int]
    dose_number: int
    vaccinated_on: _date_pb2.Date
    vaccine_code: str
    lot_number: str
    facility_code: str
    def __init__(self, dose_number: _Optional[int] = ..., vaccinated_on: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., vaccine_code: _Optional[str] = ..., lot_number: _Optional[str] = ..., facility_code: _Optional[str] = ...) -> None: ...

class UpdateDose(_message.Message):
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

class UpdatePerson(_message.Message):
    __slots__ = ("full_name", "date_of_birth", "gender", "phone", "national_id", "address")
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    GENDER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    full_name: str
    date_of_birth: _date_pb2.Date
    gender: _types_pb2.Gender
    phone: str
    national_id: str
    address: _types_pb2.Address
    def __init__(self, full_name: _Optional[str] = ..., date_of_birth: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., gender: _Optional[_Union[_types_pb2.Gender, str]] = ..., phone: _Optional[str] = ..., national_id: _Optional[str] = ..., address: _Optional[_Union[_types_pb2.Address, _Mapping]] = ...) -> None: ...

class MergeRecord(_message.Message):
    __slots__ = ("duplicate_citizen_id",)
    DUPLICATE_CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    duplicate_citizen_id: str
    def __init__(self, duplicate_citizen_id: _Optional[str] = ...) -> None: ...

class CreateRecord(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Correction(_message.Message):
    __slots__ = ("add_dose", "update_dose", "update_person", "merge_record", "create_record")
    ADD_DOSE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_DOSE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_PERSON_FIELD_NUMBER: _ClassVar[int]
    MERGE_RECORD_FIELD_NUMBER: _ClassVar[int]
    CREATE_RECORD_FIELD_NUMBER: _ClassVar[int]
    add_dose: AddDose
    update_dose: UpdateDose
    update_person: UpdatePerson
    merge_record: MergeRecord
    create_record: CreateRecord
    def __init__(self, add_dose: _Optional[_Union[AddDose, _Mapping]] = ..., update_dose: _Optional[_Union[UpdateDose, _Mapping]] = ..., update_person: _Optional[_Union[UpdatePerson, _Mapping]] = ..., merge_record: _Optional[_Union[MergeRecord, _Mapping]] = ..., create_record: _Optional[_Union[CreateRecord, _Mapping]] = ...) -> None: ...

class ApproveCaseRequest(_message.Message):
    __slots__ = ("case_id", "citizen_id", "corrections", "note", "expected_version", "citizen_message")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    citizen_id: str
    corrections: _containers.RepeatedCompositeFieldContainer[Correction]
    note: str
    expected_version: int
    citizen_message: str
    def __init__(self, case_id: _Optional[str] = ..., citizen_id: _Optional[str] = ..., corrections: _Optional[_Iterable[_Union[Correction, _Mapping]]] = ..., note: _Optional[str] = ..., expected_version: _Optional[int] = ..., citizen_message: _Optional[str] = ...) -> None: ...

class ApproveCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class RejectCaseRequest(_message.Message):
    __slots__ = ("case_id", "reason_code", "note", "expected_version", "citizen_message")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    reason_code: str
    note: str
    expected_version: int
    citizen_message: str
    def __init__(self, case_id: _Optional[str] = ..., reason_code: _Optional[str] = ..., note: _Optional[str] = ..., expected_version: _Optional[int] = ..., citizen_message: _Optional[str] = ...) -> None: ...

class RejectCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class RequestInfoRequest(_message.Message):
    __slots__ = ("case_id", "message", "expected_version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    message: str
    expected_version: int
    def __init__(self, case_id: _Optional[str] = ..., message: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class RequestInfoResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ReassignCaseRequest(_message.Message):
    __slots__ = ("case_id", "unit_code", "note", "expected_version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    unit_code: str
    note: str
    expected_version: int
    def __init__(self, case_id: _Optional[str] = ..., unit_code: _Optional[str] = ..., note: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ReassignCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class MarkDuplicateRequest(_message.Message):
    __slots__ = ("case_id", "of_tracking_code", "expected_version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    OF_TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    of_tracking_code: str
    expected_version: int
    def __init__(self, case_id: _Optional[str] = ..., of_tracking_code: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class MarkDuplicateResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class BulkDecideRequest(_message.Message):
    __slots__ = ("case_ids", "action", "reason_code", "note", "citizen_message")
    CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    case_ids: _containers.RepeatedScalarFieldContainer[str]
    action: BulkAction
    reason_code: str
    note: str
    citizen_message: str
    def __init__(self, case_ids: _Optional[_Iterable[str]] = ..., action: _Optional[_Union[BulkAction, str]] = ..., reason_code: _Optional[str] = ..., note: _Optional[str] = ..., citizen_message: _Optional[str] = ...) -> None: ...

class BulkDecideResult(_message.Message):
    __slots__ = ("case_id", "ok", "error", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    OK_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ok: bool
    error: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., ok: _Optional[bool] = ..., error: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class BulkDecideResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BulkDecideResult]
    def __init__(self, results: _Optional[_Iterable[_Union[BulkDecideResult, _Mapping]]] = ...) -> None: ...

class Recheck(_message.Message):
    __slots__ = ("recheck_id", "case_id", "tracking_code", "facility_code", "status", "created_at", "note", "decided_at", "due_at", "overdue", "citizen", "changes")
    RECHECK_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    FACILITY_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    recheck_id: str
    case_id: str
    tracking_code: str
    facility_code: str
    status: RecheckStatus
    created_at: _timestamp_pb2.Timestamp
    note: str
    decided_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    overdue: bool
    citizen: RecheckCitizen
    changes: _containers.RepeatedCompositeFieldContainer[DoseChange]
    def __init__(self, recheck_id: _Optional[str] = ..., case_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., facility_code: _Optional[str] = ..., status: _Optional[_Union[RecheckStatus, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ..., citizen: _Optional[_Union[RecheckCitizen, _Mapping]] = ..., changes: _Optional[_Iterable[_Union[DoseChange, _Mapping]]] = ...) -> None: ...

class RecheckCitizen(_message.Message):
    __slots__ = ("full_name", "date_of_birth", "national_id_last4")
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_LAST4_FIELD_NUMBER: _ClassVar[int]
    full_name: str
    date_of_birth: _date_pb2.Date
    national_id_last4: str
    def __init__(self, full_name: _Optional[str] = ..., date_of_birth: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., national_id_last4: _Optional[str] = ...) -> None: ...

class DoseChange(_message.Message):
    __slots__ = ("op", "dose_number", "before", "after")
    OP_FIELD_NUMBER: _ClassVar[int]
    DOSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    op: str
    dose_number: int
    before: DoseValues
    after: DoseValues
    def __init__(self, op: _Optional[str] = ..., dose_number: _Optional[int] = ..., before: _Optional[_Union[DoseValues, _Mapping]] = ..., after: _Optional[_Union[DoseValues, _Mapping]] = ...) -> None: ...

class DoseValues(_message.Message):
    __slots__ = ("vaccinated_on", "vaccine_code", "lot_number", "facility_code")
    VACCINATED_ON_FIELD_NUMBER: _ClassVar[int]
    VACCINE_CODE_FIELD_NUMBER: _ClassVar[int]
    LOT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FACILITY_CODE_FIELD_NUMBER: _ClassVar[int]
    vaccinated_on: _date_pb2.Date
    vaccine_code: str
    lot_number: str
    facility_code: str
    def __init__(self, vaccinated_on: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., vaccine_code: _Optional[str] = ..., lot_number: _Optional[str] = ..., facility_code: _Optional[str] = ...) -> None: ...

class ListRechecksRequest(_message.Message):
    __slots__ = ("status", "unit_code", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: RecheckStatus
    unit_code: str
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[_Union[RecheckStatus, str]] = ..., unit_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRechecksResponse(_message.Message):
    __slots__ = ("rechecks", "next_page_token")
    RECHECKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    rechecks: _containers.RepeatedCompositeFieldContainer[Recheck]
    next_page_token: str
    def __init__(self, rechecks: _Optional[_Iterable[_Union[Recheck, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetRecheckRequest(_message.Message):
    __slots__ = ("recheck_id",)
    RECHECK_ID_FIELD_NUMBER: _ClassVar[int]
    recheck_id: str
    def __init__(self, recheck_id: _Optional[str] = ...) -> None: ...

class GetRecheckResponse(_message.Message):
    __slots__ = ("recheck", "evidence")
    RECHECK_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    recheck: Recheck
    evidence: _containers.RepeatedCompositeFieldContainer[Evidence]
    def __init__(self, recheck: _Optional[_Union[Recheck, _Mapping]] = ..., evidence: _Optional[_Iterable[_Union[Evidence, _Mapping]]] = ...) -> None: ...

class GetRecheckEvidenceRequest(_message.Message):
    __slots__ = ("recheck_id", "evidence_id")
    RECHECK_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    recheck_id: str
    evidence_id: str
    def __init__(self, recheck_id: _Optional[str] = ..., evidence_id: _Optional[str] = ...) -> None: ...

class GetRecheckEvidenceResponse(_message.Message):
    __slots__ = ("evidence_id", "content_type", "content")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    content_type: str
    content: bytes
    def __init__(self, evidence_id: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class RecordRecheckRequest(_message.Message):
    __slots__ = ("recheck_id", "result", "note")
    RECHECK_ID_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    recheck_id: str
    result: RecheckStatus
    note: str
    def __init__(self, recheck_id: _Optional[str] = ..., result: _Optional[_Union[RecheckStatus, str]] = ..., note: _Optional[str] = ...) -> None: ...

class RecordRecheckResponse(_message.Message):
    __slots__ = ("recheck",)
    RECHECK_FIELD_NUMBER: _ClassVar[int]
    recheck: Recheck
    def __init__(self, recheck: _Optional[_Union[Recheck, _Mapping]] = ...) -> None: ...
