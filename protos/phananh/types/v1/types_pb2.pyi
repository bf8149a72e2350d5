from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Gender(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GENDER_UNSPECIFIED: _ClassVar[Gender]
    GENDER_MALE: _ClassVar[Gender]
    GENDER_FEMALE: _ClassVar[Gender]
    GENDER_OTHER: _ClassVar[Gender]

class ComplaintCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_CATEGORY_UNSPECIFIED: _ClassVar[ComplaintCategory]
    COMPLAINT_CATEGORY_MISSING_DOSE: _ClassVar[ComplaintCategory]
    COMPLAINT_CATEGORY_WRONG_DOSE_INFO: _ClassVar[ComplaintCategory]
    COMPLAINT_CATEGORY_WRONG_PERSONAL_INFO: _ClassVar[ComplaintCategory]
    COMPLAINT_CATEGORY_SPLIT_RECORD: _ClassVar[ComplaintCategory]
    COMPLAINT_CATEGORY_OTHER: _ClassVar[ComplaintCategory]

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATUS_UNSPECIFIED: _ClassVar[CaseStatus]
    CASE_STATUS_RECEIVED: _ClassVar[CaseStatus]
    CASE_STATUS_ASSIGNED: _ClassVar[CaseStatus]
    CASE_STATUS_IN_REVIEW: _ClassVar[CaseStatus]
    CASE_STATUS_NEEDS_INFO: _ClassVar[CaseStatus]
    CASE_STATUS_RESOLVED: _ClassVar[CaseStatus]
    CASE_STATUS_REJECTED: _ClassVar[CaseStatus]
    CASE_STATUS_DUPLICATE: _ClassVar[CaseStatus]

class CertificateLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CERTIFICATE_LEVEL_UNSPECIFIED: _ClassVar[CertificateLevel]
    CERTIFICATE_LEVEL_NONE: _ClassVar[CertificateLevel]
    CERTIFICATE_LEVEL_PARTIAL: _ClassVar[CertificateLevel]
    CERTIFICATE_LEVEL_FULL: _ClassVar[CertificateLevel]
    CERTIFICATE_LEVEL_BOOSTED: _ClassVar[CertificateLevel]

class CheckStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHECK_STATUS_UNSPECIFIED: _ClassVar[CheckStatus]
    CHECK_STATUS_PENDING: _ClassVar[CheckStatus]
    CHECK_STATUS_DONE: _ClassVar[CheckStatus]
    CHECK_STATUS_FAILED: _ClassVar[CheckStatus]

class DocumentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_KIND_UNSPECIFIED: _ClassVar[DocumentKind]
    DOCUMENT_KIND_VACCINATION_CERTIFICATE: _ClassVar[DocumentKind]
    DOCUMENT_KIND_SCREENING_FORM: _ClassVar[DocumentKind]
    DOCUMENT_KIND_UNKNOWN: _ClassVar[DocumentKind]
GENDER_UNSPECIFIED: Gender
GENDER_MALE: Gender
GENDER_FEMALE: Gender
GENDER_OTHER: Gender
COMPLAINT_CATEGORY_UNSPECIFIED: ComplaintCategory
COMPLAINT_CATEGORY_MISSING_DOSE: ComplaintCategory
COMPLAINT_CATEGORY_WRONG_DOSE_INFO: ComplaintCategory
COMPLAINT_CATEGORY_WRONG_PERSONAL_INFO: ComplaintCategory
COMPLAINT_CATEGORY_SPLIT_RECORD: ComplaintCategory
COMPLAINT_CATEGORY_OTHER: ComplaintCategory
CASE_STATUS_UNSPECIFIED: CaseStatus
CASE_STATUS_RECEIVED: CaseStatus
CASE_STATUS_ASSIGNED: CaseStatus
CASE_STATUS_IN_REVIEW: CaseStatus
CASE_STATUS_NEEDS_INFO: CaseStatus
CASE_STATUS_RESOLVED: CaseStatus
CASE_STATUS_REJECTED: CaseStatus
CASE_STATUS_DUPLICATE: CaseStatus
CERTIFICATE_LEVEL_UNSPECIFIED: CertificateLevel
CERTIFICATE_LEVEL_NONE: CertificateLevel
CERTIFICATE_LEVEL_PARTIAL: CertificateLevel
CERTIFICATE_LEVEL_FULL: CertificateLevel
CERTIFICATE_LEVEL_BOOSTED: CertificateLevel
CHECK_STATUS_UNSPECIFIED: CheckStatus
CHECK_STATUS_PENDING: CheckStatus
CHECK_STATUS_DONE: CheckStatus
CHECK_STATUS_FAILED: CheckStatus
DOCUMENT_KIND_UNSPECIFIED: DocumentKind
DOCUMENT_KIND_VACCINATION_CERTIFICATE: DocumentKind
DOCUMENT_KIND_SCREENING_FORM: DocumentKind
DOCUMENT_KIND_UNKNOWN: DocumentKind

class Address(_message.Message):
    __slots__ = ("province_code", "district_code", "commune_code", "street")
    PROVINCE_CODE_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_CODE_FIELD_NUMBER: _ClassVar[int]
    STREET_FIELD_NUMBER: _ClassVar[int]
    province_code: str
    district_code: str
    commune_code: str
    street: str
    def __init__(self, province_code: _Optional[str] = ..., district_code: _Optional[str] = ..., commune_code: _Optional[str] = ..., street: _Optional[str] = ...) -> None: ...

class Citizen(_message.Message):
    __slots__ = ("full_name", "date_of_birth", "gender", "phone", "national_id", "health_insurance_no", "address")
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    GENDER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    HEALTH_INSURANCE_NO_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    full_name: str
    date_of_birth: _date_pb2.Date
    gender: Gender
    phone: str
    national_id: str
    health_insurance_no: str
    address: Address
    def __init__(self, full_name: _Optional[str] = ..., date_of_birth: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., gender: _Optional[_Union[Gender, str]] = ..., phone: _Optional[str] = ..., national_id: _Optional[str] = ..., health_insurance_no: _Optional[str] = ..., address: _Optional[_Union[Address, _Mapping]] = ...) -> None: ...

class ClaimedDose(_message.Message):
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

class Complaint(_message.Message):
    __slots__ = ("citizen", "category", "claimed_doses", "description")
    CITIZEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_DOSES_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    citizen: Citizen
    category: ComplaintCategory
    claimed_doses: _containers.RepeatedCompositeFieldContainer[ClaimedDose]
    description: str
    def __init__(self, citizen: _Optional[_Union[Citizen, _Mapping]] = ..., category: _Optional[_Union[ComplaintCategory, str]] = ..., claimed_doses: _Optional[_Iterable[_Union[ClaimedDose, _Mapping]]] = ..., description: _Optional[str] = ...) -> None: ...

class Warning(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class FieldCheck(_message.Message):
    __slots__ = ("read", "claimed", "agrees")
    READ_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_FIELD_NUMBER: _ClassVar[int]
    AGREES_FIELD_NUMBER: _ClassVar[int]
    read: str
    claimed: str
    agrees: bool
    def __init__(self, read: _Optional[str] = ..., claimed: _Optional[str] = ..., agrees: _Optional[bool] = ...) -> None: ...

class DoseCheck(_message.Message):
    __slots__ = ("dose_number", "vaccinated_on", "vaccine_code", "lot_number", "agrees", "differing")
    DOSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VACCINATED_ON_FIELD_NUMBER: _ClassVar[int]
    VACCINE_CODE_FIELD_NUMBER: _ClassVar[int]
    LOT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    AGREES_FIELD_NUMBER: _ClassVar[int]
    DIFFERING_FIELD_NUMBER: _ClassVar[int]
    dose_number: int
    vaccinated_on: str
    vaccine_code: str
    lot_number: str
    agrees: bool
    differing: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, dose_number: _Optional[int] = ..., vaccinated_on: _Optional[str] = ..., vaccine_code: _Optional[str] = ..., lot_number: _Optional[str] = ..., agrees: _Optional[bool] = ..., differing: _Optional[_Iterable[str]] = ...) -> None: ...

class EvidenceChecks(_message.Message):
    __slots__ = ("status", "sharpness", "blurry", "document_kind", "full_name", "date_of_birth", "doses")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SHARPNESS_FIELD_NUMBER: _ClassVar[int]
    BLURRY_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    DOSES_FIELD_NUMBER: _ClassVar[int]
    status: CheckStatus
    sharpness: float
    blurry: bool
    document_kind: DocumentKind
    full_name: FieldCheck
    date_of_birth: FieldCheck
    doses: _containers.RepeatedCompositeFieldContainer[DoseCheck]
    def __init__(self, status: _Optional[_Union[CheckStatus, str]] = ..., sharpness: _Optional[float] = ..., blurry: _Optional[bool] = ..., document_kind: _Optional[_Union[DocumentKind, str]] = ..., full_name: _Optional[_Union[FieldCheck, _Mapping]] = ..., date_of_birth: _Optional[_Union[FieldCheck, _Mapping]] = ..., doses: _Optional[_Iterable[_Union[DoseCheck, _Mapping]]] = ...) -> None: ...
