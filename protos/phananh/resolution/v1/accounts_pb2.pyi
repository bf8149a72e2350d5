import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_PROVINCE_ADMIN: _ClassVar[Role]
    ROLE_PROVINCE_OFFICER: _ClassVar[Role]
    ROLE_DISTRICT_ADMIN: _ClassVar[Role]
    ROLE_DISTRICT_OFFICER: _ClassVar[Role]
    ROLE_COMMUNE_OFFICER: _ClassVar[Role]
    ROLE_FACILITY_OFFICER: _ClassVar[Role]

class SecurityEventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SECURITY_EVENT_KIND_UNSPECIFIED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_LOGIN_SUCCEEDED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_LOGIN_FAILED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_ACCOUNT_LOCKED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_PASSWORD_CHANGED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_PASSWORD_RESET: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_ACCOUNT_CREATED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_ACCOUNT_DISABLED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_ACCOUNT_ENABLED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_API_KEY_CREATED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_API_KEY_REVOKED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_API_KEY_USED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_API_KEY_REJECTED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_TOTP_ENABLED: _ClassVar[SecurityEventKind]
    SECURITY_EVENT_KIND_LOGIN_THROTTLED: _ClassVar[SecurityEventKind]
ROLE_UNSPECIFIED: Role
ROLE_PROVINCE_ADMIN: Role
ROLE_PROVINCE_OFFICER: Role
ROLE_DISTRICT_ADMIN: Role
ROLE_DISTRICT_OFFICER: Role
ROLE_COMMUNE_OFFICER: Role
ROLE_FACILITY_OFFICER: Role
SECURITY_EVENT_KIND_UNSPECIFIED: SecurityEventKind
SECURITY_EVENT_KIND_LOGIN_SUCCEEDED: SecurityEventKind
SECURITY_EVENT_KIND_LOGIN_FAILED: SecurityEventKind
SECURITY_EVENT_KIND_ACCOUNT_LOCKED: SecurityEventKind
SECURITY_EVENT_KIND_PASSWORD_CHANGED: SecurityEventKind
SECURITY_EVENT_KIND_PASSWORD_RESET: SecurityEventKind
SECURITY_EVENT_KIND_ACCOUNT_CREATED: SecurityEventKind
SECURITY_EVENT_KIND_ACCOUNT_DISABLED: SecurityEventKind
SECURITY_EVENT_KIND_ACCOUNT_ENABLED: SecurityEventKind
SECURITY_EVENT_KIND_API_KEY_CREATED: SecurityEventKind
SECURITY_EVENT_KIND_API_KEY_REVOKED: SecurityEventKind
SECURITY_EVENT_KIND_API_KEY_USED: SecurityEventKind
SECURITY_EVENT_KIND_API_KEY_REJECTED: SecurityEventKind
SECURITY_EVENT_KIND_TOTP_ENABLED: SecurityEventKind
SECURITY_EVENT_KIND_LOGIN_THROTTLED: SecurityEventKind

class Account(_message.Message):
    __slots__ = ("username", "role", "unit_code", "must_change_password", "disabled", "totp_enabled", "created_at", "phone")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    MUST_CHANGE_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    TOTP_ENABLED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    username: str
    role: Role
    unit_code: str
    must_change_password: bool
    disabled: bool
    totp_enabled: bool
    created_at: _timestamp_pb2.Timestamp
    phone: str
    def __init__(self, username: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., unit_code: _Optional[str] = ..., must_change_password: _Optional[bool] = ..., disabled: _Optional[bool] = ..., totp_enabled: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., phone: _Optional[str] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ("username", "password", "totp_code", "client_address")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TOTP_CODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    totp_code: str
    client_address: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., totp_code: _Optional[str] = ..., client_address: _Optional[str] = ...) -> None: ...

class LoginResponse(_message.Message):
    __slots__ = ("access_token", "expires_at", "must_change_password", "role", "unit_code", "totp_enrollment_required")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MUST_CHANGE_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    TOTP_ENROLLMENT_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    expires_at: _timestamp_pb2.Timestamp
    must_change_password: bool
    role: Role
    unit_code: str
    totp_enrollment_required: bool
    def __init__(self, access_token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., must_change_password: _Optional[bool] = ..., role: _Optional[_Union[Role, str]] = ..., unit_code: _Optional[str] = ..., totp_enrollment_required: _Optional[bool] = ...) -> None: ...

class ExchangeApiKeyRequest(_message.Message):
    __slots__ = ("api_key",)
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    api_key: str
    def __init__(self, api_key: _Optional[str] = ...) -> None: ...

class ExchangeApiKeyResponse(_message.Message):
    __slots__ = ("access_token", "expires_at", "role", "unit_code")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    expires_at: _timestamp_pb2.Timestamp
    role: Role
    unit_code: str
    def __init__(self, access_token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., role: _Optional[_Union[Role, str]] = ..., unit_code: _Optional[str] = ...) -> None: ...

class ChangePasswordRequest(_message.Message):
    __slots__ = ("current_password", "new_password")
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    new_password: str
    def __init__(self, current_password: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class ChangePasswordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateAccountRequest(_message.Message):
    __slots__ = ("username", "role", "unit_code", "initial_password", "phone")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    INITIAL_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    username: str
    role: Role
    unit_code: str
    initial_password: str
    phone: str
    def __init__(self, username: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., unit_code: _Optional[str] = ..., initial_password: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class CreateAccountResponse(_message.Message):
    __slots__ = ("account", "initial_password")
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    INITIAL_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    account: Account
    initial_password: str
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ..., initial_password: _Optional[str] = ...) -> None: ...

class ListAccountsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAccountsResponse(_message.Message):
    __slots__ = ("accounts", "next_page_token")
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[Account]
    next_page_token: str
    def __init__(self, accounts: _Optional[_Iterable[_Union[Account, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DisableAccountRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class DisableAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ...) -> None: ...

class EnableAccountRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class EnableAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ...) -> None: ...

class ResetPasswordRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class ResetPasswordResponse(_message.Message):
    __slots__ = ("account", "initial_password")
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    INITIAL_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    account: Account
    initial_password: str
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ..., initial_password: _Optional[str] = ...) -> None: ...

class ImportAccountsRequest(_message.Message):
    __slots__ = ("csv",)
    CSV_FIELD_NUMBER: _ClassVar[int]
    csv: bytes
    def __init__(self, csv: _Optional[bytes] = ...) -> None: ...

class ImportAccountsResponse(_message.Message):
    __slots__ = ("accounts",)
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[CreateAccountResponse]
    def __init__(self, accounts: _Optional[_Iterable[_Union[CreateAccountResponse, _Mapping]]] = ...) -> None: ...

class ApiKey(_message.Message):
    __slots__ = ("key_id", "name", "created_at", "revoked_at", "last_used_at")
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    name: str
    created_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    def __init__(self, key_id: _Optional[str] = ..., name: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateApiKeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class CreateApiKeyResponse(_message.Message):
    __slots__ = ("key", "api_key")
    KEY_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    key: ApiKey
    api_key: str
    def __init__(self, key: _Optional[_Union[ApiKey, _Mapping]] = ..., api_key: _Optional[str] = ...) -> None: ...

class ListApiKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListApiKeysResponse(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[ApiKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[ApiKey, _Mapping]]] = ...) -> None: ...

class RevokeApiKeyRequest(_message.Message):
    __slots__ = ("key_id",)
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    def __init__(self, key_id: _Optional[str] = ...) -> None: ...

class RevokeApiKeyResponse(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: ApiKey
    def __init__(self, key: _Optional[_Union[ApiKey, _Mapping]] = ...) -> None: ...

class BeginTotpEnrollmentRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BeginTotpEnrollmentResponse(_message.Message):
    __slots__ = ("secret", "provisioning_uri")
    SECRET_FIELD_NUMBER: _ClassVar[int]
    PROVISIONING_URI_FIELD_NUMBER: _ClassVar[int]
    secret: str
    provisioning_uri: str
    def __init__(self, secret: _Optional[str] = ..., provisioning_uri: _Optional[str] = ...) -> None: ...

class ConfirmTotpEnrollmentRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class ConfirmTotpEnrollmentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SecurityEvent(_message.Message):
    __slots__ = ("event_id", "at", "kind", "actor", "username", "unit_code", "detail")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    at: _timestamp_pb2.Timestamp
    kind: SecurityEventKind
    actor: str
    username: str
    unit_code: str
    detail: str
    def __init__(self, event_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[SecurityEventKind, str]] = ..., actor: _Optional[str] = ..., username: _Optional[str] = ..., unit_code: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class ListSecurityEventsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSecurityEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[SecurityEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[SecurityEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
