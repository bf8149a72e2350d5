"""AccountService: protobuf ↔ the account use cases, and who may call each method."""

from phananh.resolution.v1 import accounts_pb2, accounts_pb2_grpc
from phananh_common.access import PUBLIC, client_address, current_principal, officers
from phananh_common.paging import (
    decode_page_token,
    encode_page_token,
    id_after,
    page_size,
    split_page,
)
from phananh_common.protoconv import enum_name, enum_value, from_datetime
from phananh_common.roles import ADMINS, ROLES
from phananh_common.tokens import PASSWORD_CHANGE_REQUIRED, TOTP_ENROLLMENT_REQUIRED
from resolution.accounts.domain import Account, ApiKeyRow, SecurityEventRow
from resolution.accounts.service.accounts import Accounts
from resolution.accounts.service.imports import AccountImports
from resolution.accounts.service.logins import Logins, Session

ADMIN_ONLY = officers(ADMINS)
# Admins hold no API keys: a key would bypass their second factor.
KEY_HOLDERS = officers(set(ROLES) - ADMINS)
ENROLLING = officers(during={TOTP_ENROLLMENT_REQUIRED})

ACCESS = {
    "Login": PUBLIC,
    "ExchangeApiKey": PUBLIC,
    "ChangePassword": officers(during={PASSWORD_CHANGE_REQUIRED}),
    "CreateAccount": ADMIN_ONLY,
    "ListAccounts": ADMIN_ONLY,
    "DisableAccount": ADMIN_ONLY,
    "EnableAccount": ADMIN_ONLY,
    "ResetPassword": ADMIN_ONLY,
    "ImportAccounts": ADMIN_ONLY,
    "CreateApiKey": KEY_HOLDERS,
    "ListApiKeys": KEY_HOLDERS,
    "RevokeApiKey": KEY_HOLDERS,
    "BeginTotpEnrollment": ENROLLING,
    "ConfirmTotpEnrollment": ENROLLING,
    "ListSecurityEvents": ADMIN_ONLY,
}


def _instant(value):
    """Unset rather than 1970 when there is no such instant."""
    return from_datetime(value) if value else None


def account_message(account: Account) -> accounts_pb2.Account:
    return accounts_pb2.Account(
        username=account.username,
        role=enum_value(accounts_pb2.Role, account.role),
        unit_code=account.unit_code,
        must_change_password=account.must_change_password,
        disabled=account.disabled,
        totp_enabled=bool(account.totp_secret),
        created_at=from_datetime(account.created_at),
        phone=account.phone or "",
    )


def api_key_message(key: ApiKeyRow) -> accounts_pb2.ApiKey:
    return accounts_pb2.ApiKey(
        key_id=str(key.key_id),
        name=key.name,
        created_at=from_datetime(key.created_at),
        revoked_at=_instant(key.revoked_at),
        last_used_at=_instant(key.last_used_at),
    )


def event_message(event: SecurityEventRow) -> accounts_pb2.SecurityEvent:
    return accounts_pb2.SecurityEvent(
        event_id=str(event.event_id),
        at=from_datetime(event.at),
        kind=enum_value(accounts_pb2.SecurityEventKind, event.kind),
        actor=event.actor,
        username=event.username,
        unit_code=event.unit_code,
        detail=event.detail,
    )


def _session_fields(session: Session) -> dict:
    return {
        "access_token": session.token,
        "expires_at": from_datetime(session.expires_at),
        "role": enum_value(accounts_pb2.Role, session.account.role),
        "unit_code": session.account.unit_code,
    }


class AccountApi(accounts_pb2_grpc.AccountServiceServicer):
    def __init__(self, accounts: Accounts, logins: Logins, imports: AccountImports):
        self._accounts = accounts
        self._logins = logins
        self._imports = imports

    async def Login(self, request, context):  # noqa: N802 (gRPC's name)
        session = await self._logins.login(
            request.username,
            request.password,
            request.totp_code,
            client_address(request.client_address, context),
        )
        return accounts_pb2.LoginResponse(
            **_session_fields(session),
            must_change_password=session.restriction == PASSWORD_CHANGE_REQUIRED,
            totp_enrollment_required=session.restriction == TOTP_ENROLLMENT_REQUIRED,
        )

    async def ExchangeApiKey(self, request, context):  # noqa: N802 (gRPC's name)
        session = await self._logins.exchange_api_key(request.api_key)
        return accounts_pb2.ExchangeApiKeyResponse(**_session_fields(session))

    async def ChangePassword(self, request, context):  # noqa: N802 (gRPC's name)
        await self._accounts.change_password(
            current_principal(), request.current_password, request.new_password
        )
        return accounts_pb2.ChangePasswordResponse()

    async def CreateAccount(self, request, context):  # noqa: N802 (gRPC's name)
        account, password = await self._accounts.create_account(
            current_principal(),
            request.username,
            enum_name(accounts_pb2.Role, request.role),
            request.unit_code,
            request.initial_password,
            request.phone,
        )
        return accounts_pb2.CreateAccountResponse(
            account=account_message(account), initial_password=password
        )

    async def ImportAccounts(self, request, context):  # noqa: N802 (gRPC's name)
        imported = await self._imports.import_csv(current_principal(), request.csv)
        return accounts_pb2.ImportAccountsResponse(
            accounts=[
                accounts_pb2.CreateAccountResponse(
                    account=account_message(i.account), initial_password=i.password
                )
                for i in imported
            ]
        )

    async def ListAccounts(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        after = decode_page_token(request.page_token, 1)[0] if request.page_token else None
        rows = await self._accounts.list_accounts(current_principal(), size + 1, after)
        page, token = split_page(rows, size, lambda a: encode_page_token(a.username))
        return accounts_pb2.ListAccountsResponse(
            accounts=[account_message(a) for a in page], next_page_token=token
        )

    async def DisableAccount(self, request, context):  # noqa: N802 (gRPC's name)
        account = await self._accounts.set_disabled(current_principal(), request.username, True)
        return accounts_pb2.DisableAccountResponse(account=account_message(account))

    async def EnableAccount(self, request, context):  # noqa: N802 (gRPC's name)
        account = await self._accounts.set_disabled(current_principal(), request.username, False)
        return accounts_pb2.EnableAccountResponse(account=account_message(account))

    async def ResetPassword(self, request, context):  # noqa: N802 (gRPC's name)
        account, password = await self._accounts.reset_password(
            current_principal(), request.username
        )
        return accounts_pb2.ResetPasswordResponse(
            account=account_message(account), initial_password=password
        )

    async def CreateApiKey(self, request, context):  # noqa: N802 (gRPC's name)
        key, api_key = await self._accounts.create_api_key(current_principal(), request.name)
        return accounts_pb2.CreateApiKeyResponse(key=api_key_message(key), api_key=api_key)

    async def ListApiKeys(self, request, context):  # noqa: N802 (gRPC's name)
        keys = await self._accounts.api_keys(current_principal())
        return accounts_pb2.ListApiKeysResponse(keys=[api_key_message(k) for k in keys])

    async def RevokeApiKey(self, request, context):  # noqa: N802 (gRPC's name)
        key = await self._accounts.revoke_api_key(current_principal(), request.key_id)
        return accounts_pb2.RevokeApiKeyResponse(key=api_key_message(key))

    async def BeginTotpEnrollment(self, request, context):  # noqa: N802 (gRPC's name)
        secret, uri = await self._accounts.begin_totp(current_principal())
        return accounts_pb2.BeginTotpEnrollmentResponse(secret=secret, provisioning_uri=uri)

    async def ConfirmTotpEnrollment(self, request, context):  # noqa: N802 (gRPC's name)
        await self._accounts.confirm_totp(current_principal(), request.code)
        return accounts_pb2.ConfirmTotpEnrollmentResponse()

    async def ListSecurityEvents(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        before = id_after(request.page_token)
        rows = await self._accounts.security_events(current_principal(), size + 1, before)
        page, token = split_page(rows, size, lambda e: encode_page_token(str(e.event_id)))
        return accounts_pb2.ListSecurityEventsResponse(
            events=[event_message(e) for e in page], next_page_token=token
        )
