"""The JSON shapes of logins, accounts, API keys and security events."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from gateway.schemas import Short, Strict

Role = Literal[
    "PROVINCE_ADMIN",
    "PROVINCE_OFFICER",
    "DISTRICT_ADMIN",
    "DISTRICT_OFFICER",
    "COMMUNE_OFFICER",
    "FACILITY_OFFICER",
]
Secret = Annotated[str, Field(max_length=400)]


class LoginIn(Strict):
    username: Short
    password: Secret
    totp_code: Short = ""


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_at: str
    role: Role
    unit_code: str


class LoginOut(TokenOut):
    must_change_password: bool
    totp_enrollment_required: bool


class ApiKeyLoginIn(Strict):
    api_key: Secret


class PasswordIn(Strict):
    current_password: Secret
    new_password: Secret


class AccountIn(Strict):
    username: Short
    role: Role
    unit_code: Short
    initial_password: Secret | None = None
    # A mobile for the daily overdue digest (0xxxxxxxxx or +84xxxxxxxxx).
    phone: Short | None = None


class AccountOut(BaseModel):
    username: str
    role: Role
    unit_code: str
    must_change_password: bool
    disabled: bool
    totp_enabled: bool
    created_at: str
    phone: str | None


class CreatedAccount(BaseModel):
    username: str
    role: Role
    unit_code: str
    initial_password: str


class AccountPage(BaseModel):
    accounts: list[AccountOut]
    next_page_token: str = ""


class ApiKeyIn(Strict):
    name: Short


class ApiKeyOut(BaseModel):
    key_id: str
    name: str
    created_at: str
    revoked_at: str | None
    last_used_at: str | None


class CreatedApiKey(ApiKeyOut):
    api_key: str  # shown this once


class ApiKeyList(BaseModel):
    api_keys: list[ApiKeyOut]


class TotpOut(BaseModel):
    secret: str
    provisioning_uri: str


class TotpConfirmIn(Strict):
    code: Short


class SecurityEventOut(BaseModel):
    event_id: str
    at: str
    kind: str
    actor: str
    username: str
    unit_code: str
    detail: str


class SecurityEventPage(BaseModel):
    events: list[SecurityEventOut]
    next_page_token: str = ""
