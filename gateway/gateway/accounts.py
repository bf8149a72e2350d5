"""Officer routes: login, password, accounts, API keys, TOTP, security events. Mapping only:
resolution's AccountService decides."""

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from gateway import account_schemas as s
from gateway.auth import Officer
from gateway.client_address import client_address
from gateway.complaints import ClientsDep
from gateway.limits import allow_body, refused
from gateway.schemas import ErrorBody
from phananh.resolution.v1 import accounts_pb2 as pb
from phananh_common.protoconv import enum_name, enum_value, to_datetime

router = APIRouter(prefix="/api/v1", tags=["officers"], responses={401: {"model": ErrorBody}})

PageSize = Annotated[int, Query(ge=0, le=500)]
PageToken = Annotated[str, Query(max_length=400)]


def _instant(message, field: str) -> str | None:
    return to_datetime(getattr(message, field)).isoformat() if message.HasField(field) else None


def _role(value: int) -> str:
    return enum_name(pb.Role, value)


def _account(a: pb.Account) -> s.AccountOut:
    return s.AccountOut(
        username=a.username,
        role=_role(a.role),
        unit_code=a.unit_code,
        must_change_password=a.must_change_password,
        disabled=a.disabled,
        totp_enabled=a.totp_enabled,
        created_at=_instant(a, "created_at"),
        phone=a.phone or None,
    )


def _api_key(k: pb.ApiKey) -> dict:
    return {
        "key_id": k.key_id,
        "name": k.name,
        "created_at": _instant(k, "created_at"),
        "revoked_at": _instant(k, "revoked_at"),
        "last_used_at": _instant(k, "last_used_at"),
    }


def _created(reply) -> s.CreatedAccount:
    return s.CreatedAccount(
        username=reply.account.username,
        role=_role(reply.account.role),
        unit_code=reply.account.unit_code,
        initial_password=reply.initial_password,
    )


def _token(reply) -> dict:
    return {
        "access_token": reply.access_token,
        "expires_at": _instant(reply, "expires_at"),
        "role": _role(reply.role),
        "unit_code": reply.unit_code,
    }


@router.post("/auth/login", response_model=s.LoginOut, responses={429: {"model": ErrorBody}})
async def login(body: s.LoginIn, request: Request, c: ClientsDep):
    reply = await c.accounts.Login(
        pb.LoginRequest(
            username=body.username,
            password=body.password,
            totp_code=body.totp_code,
            client_address=client_address(request),
        ),
        timeout=c.deadline,
    )
    return s.LoginOut(
        **_token(reply),
        must_change_password=reply.must_change_password,
        totp_enrollment_required=reply.totp_enrollment_required,
    )


@router.post("/auth/token", response_model=s.TokenOut)
async def exchange_api_key(body: s.ApiKeyLoginIn, c: ClientsDep):
    """A district client's API key for a short-lived access token."""
    reply = await c.accounts.ExchangeApiKey(
        pb.ExchangeApiKeyRequest(api_key=body.api_key), timeout=c.deadline
    )
    return s.TokenOut(**_token(reply))


@router.post("/auth/password", status_code=204, responses={400: {"model": ErrorBody}})
async def change_password(body: s.PasswordIn, c: ClientsDep, officer: Officer):
    await c.accounts.ChangePassword(
        pb.ChangePasswordRequest(
            current_password=body.current_password, new_password=body.new_password
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return Response(status_code=204)


@router.post("/auth/totp", response_model=s.TotpOut)
async def begin_totp(c: ClientsDep, officer: Officer):
    reply = await c.accounts.BeginTotpEnrollment(
        pb.BeginTotpEnrollmentRequest(), timeout=c.deadline, metadata=officer
    )
    return s.TotpOut(secret=reply.secret, provisioning_uri=reply.provisioning_uri)


@router.post("/auth/totp/confirm", status_code=204)
async def confirm_totp(body: s.TotpConfirmIn, c: ClientsDep, officer: Officer):
    await c.accounts.ConfirmTotpEnrollment(
        pb.ConfirmTotpEnrollmentRequest(code=body.code), timeout=c.deadline, metadata=officer
    )
    return Response(status_code=204)


@router.post(
    "/accounts",
    status_code=201,
    response_model=s.CreatedAccount,
    responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
async def create_account(body: s.AccountIn, c: ClientsDep, officer: Officer):
    reply = await c.accounts.CreateAccount(
        pb.CreateAccountRequest(
            username=body.username,
            role=enum_value(pb.Role, body.role),
            unit_code=body.unit_code,
            initial_password=body.initial_password or "",
            phone=body.phone or "",
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return _created(reply)


# An import's file, with room for a district's communes and more.
MAX_ACCOUNTS_CSV_BYTES = 1024 * 1024


@router.post(
    "/accounts:import",
    status_code=201,
    response_class=Response,
    responses={
        201: {"content": {"text/csv": {}}, "description": "the accounts and their passwords"},
        400: {"model": ErrorBody},
        403: {"model": ErrorBody},
    },
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    },
)
async def import_accounts(request: Request, c: ClientsDep, officer: Officer):
    """`text/csv` with the header `username,role,unit_code,phone`, all or nothing (errors name
    `line[N].column`, the header being line 1); the answer, this once: `text/csv`
    `username,role,unit_code,initial_password`, each password to be changed at first login."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "text/csv":
        return refused("csv", "send the file as text/csv")
    allow_body(request, MAX_ACCOUNTS_CSV_BYTES, "csv")
    reply = await c.accounts.ImportAccounts(
        pb.ImportAccountsRequest(csv=await request.body()), timeout=c.deadline, metadata=officer
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["username", "role", "unit_code", "initial_password"])
    writer.writerows(
        [a.username, a.role, a.unit_code, a.initial_password] for a in map(_created, reply.accounts)
    )
    return Response(
        out.getvalue().encode("utf-8-sig"),
        status_code=201,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="accounts.csv"'},
    )


@router.get("/accounts", response_model=s.AccountPage)
async def list_accounts(
    c: ClientsDep, officer: Officer, page_size: PageSize = 50, page_token: PageToken = ""
):
    reply = await c.accounts.ListAccounts(
        pb.ListAccountsRequest(page_size=page_size, page_token=page_token),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.AccountPage(
        accounts=[_account(a) for a in reply.accounts], next_page_token=reply.next_page_token
    )


@router.post("/accounts/{username}/disable", response_model=s.AccountOut)
async def disable_account(username: str, c: ClientsDep, officer: Officer):
    reply = await c.accounts.DisableAccount(
        pb.DisableAccountRequest(username=username[:100]), timeout=c.deadline, metadata=officer
    )
    return _account(reply.account)


@router.post("/accounts/{username}/enable", response_model=s.AccountOut)
async def enable_account(username: str, c: ClientsDep, officer: Officer):
    reply = await c.accounts.EnableAccount(
        pb.EnableAccountRequest(username=username[:100]), timeout=c.deadline, metadata=officer
    )
    return _account(reply.account)


@router.post("/accounts/{username}/reset-password", response_model=s.CreatedAccount)
async def reset_password(username: str, c: ClientsDep, officer: Officer):
    """A new generated password, to be changed at the next login; also removes TOTP and
    forgets the username's failed logins."""
    reply = await c.accounts.ResetPassword(
        pb.ResetPasswordRequest(username=username[:100]), timeout=c.deadline, metadata=officer
    )
    return _created(reply)


@router.post("/api-keys", status_code=201, response_model=s.CreatedApiKey)
async def create_api_key(body: s.ApiKeyIn, c: ClientsDep, officer: Officer):
    reply = await c.accounts.CreateApiKey(
        pb.CreateApiKeyRequest(name=body.name), timeout=c.deadline, metadata=officer
    )
    return s.CreatedApiKey(**_api_key(reply.key), api_key=reply.api_key)


@router.get("/api-keys", response_model=s.ApiKeyList)
async def list_api_keys(c: ClientsDep, officer: Officer):
    reply = await c.accounts.ListApiKeys(
        pb.ListApiKeysRequest(), timeout=c.deadline, metadata=officer
    )
    return s.ApiKeyList(api_keys=[s.ApiKeyOut(**_api_key(k)) for k in reply.keys])


@router.post("/api-keys/{key_id}/revoke", response_model=s.ApiKeyOut)
async def revoke_api_key(key_id: str, c: ClientsDep, officer: Officer):
    reply = await c.accounts.RevokeApiKey(
        pb.RevokeApiKeyRequest(key_id=key_id[:100]), timeout=c.deadline, metadata=officer
    )
    return s.ApiKeyOut(**_api_key(reply.key))


@router.get("/security-events", response_model=s.SecurityEventPage)
async def security_events(
    c: ClientsDep, officer: Officer, page_size: PageSize = 50, page_token: PageToken = ""
):
    reply = await c.accounts.ListSecurityEvents(
        pb.ListSecurityEventsRequest(page_size=page_size, page_token=page_token),
        timeout=c.deadline,
        metadata=officer,
    )
    return s.SecurityEventPage(
        events=[
            s.SecurityEventOut(
                event_id=e.event_id,
                at=_instant(e, "at"),
                kind=enum_name(pb.SecurityEventKind, e.kind),
                actor=e.actor,
                username=e.username,
                unit_code=e.unit_code,
                detail=e.detail,
            )
            for e in reply.events
        ],
        next_page_token=reply.next_page_token,
    )
