"""Logging in, the forced password change, passwords refused as too common, failed logins
throttled per username and client address (and per username from everywhere), API keys, TOTP,
the security trail, disabled accounts and tokens older than a password reset or change
(refused by every service), through the real gRPC servers and the gateway (and, where time
must pass, resolution's use cases on the real database with an injected clock)."""

import contextlib
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pyotp
import pytest
from google.rpc import error_details_pb2

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.events.v1.resolution_events_pb2 import AccountAccessChanged
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import accounts_pb2_grpc, resolution_pb2, resolution_pb2_grpc
from phananh_common.access import GATEWAY
from phananh_common.database import create_engine
from phananh_common.errors import ResourceExhausted, Unauthenticated
from phananh_common.grpc_errors import status_details
from resolution.accounts.wiring import account_service, login_service
from tests.harness import InProcessSystem, bearer, eventually, gateway_client, refused, scalar

ADMIN, ADMIN_PASSWORD, ADMIN_NEW_PASSWORD = "tinh.quantri", "mat-khau-ban-dau", "mat-khau-tinh-2"
# Where the gateway's callers are.
OFFICE, ATTACKER, ELSEWHERE = "198.51.100.20", "203.0.113.7", "203.0.113.99"


@pytest.fixture
async def resolution(database_urls):
    system = InProcessSystem(database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}")
    await system.start("resolution")
    async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
        yield (
            accounts_pb2_grpc.AccountServiceStub(channel),
            resolution_pb2_grpc.ResolutionServiceStub(channel),
            system,
        )
    await system.stop()


async def login(accounts, username, password, totp_code=""):
    return await accounts.Login(
        pb.LoginRequest(username=username, password=password, totp_code=totp_code)
    )


async def create(accounts, md, username, role, unit_code, initial_password=""):
    request = pb.CreateAccountRequest(
        username=username, role=role, unit_code=unit_code, initial_password=initial_password
    )
    return await accounts.CreateAccount(request, metadata=md)


async def admin_token(accounts) -> str:
    """The bootstrap admin's token after the required password change."""
    first = await login(accounts, ADMIN, ADMIN_PASSWORD)
    await accounts.ChangePassword(
        pb.ChangePasswordRequest(current_password=ADMIN_PASSWORD, new_password=ADMIN_NEW_PASSWORD),
        metadata=bearer(first.access_token),
    )
    return (await login(accounts, ADMIN, ADMIN_NEW_PASSWORD)).access_token


async def test_a_new_password_comes_before_anything_else(resolution):
    accounts, cases, _ = resolution
    first = await login(accounts, ADMIN, ADMIN_PASSWORD)
    assert first.must_change_password
    assert first.role == pb.ROLE_PROVINCE_ADMIN and first.unit_code == "75"
    md = bearer(first.access_token)

    for call in (
        accounts.ListAccounts(pb.ListAccountsRequest(), metadata=md),
        cases.ListCases(resolution_pb2.ListCasesRequest(), metadata=md),
    ):
        assert await refused(call) == (
            grpc.StatusCode.PERMISSION_DENIED,
            "PASSWORD_CHANGE_REQUIRED",
            [],
        )
    for current, new, field in (
        (ADMIN_PASSWORD, "ngan-9-kt", "new_password"),
        (ADMIN_PASSWORD, ADMIN, "new_password"),
        (ADMIN_PASSWORD, ADMIN_PASSWORD, "new_password"),
        ("sai-mat-khau-cu", ADMIN_NEW_PASSWORD, "current_password"),
    ):
        request = pb.ChangePasswordRequest(current_password=current, new_password=new)
        code, _, fields = await refused(accounts.ChangePassword(request, metadata=md))
        assert (code, fields) == (grpc.StatusCode.INVALID_ARGUMENT, [field])

    token = await admin_token(accounts)
    listed = await accounts.ListAccounts(pb.ListAccountsRequest(), metadata=bearer(token))
    assert [(a.username, a.must_change_password) for a in listed.accounts] == [(ADMIN, False)]


async def test_a_created_account_gets_a_generated_password_it_must_change(resolution):
    accounts, _, _ = resolution
    md = bearer(await admin_token(accounts))
    created = await create(accounts, md, "BienHoa.Admin", pb.ROLE_DISTRICT_ADMIN, "731")
    assert created.account.username == "bienhoa.admin"
    assert len(created.initial_password) >= 10
    session = await login(accounts, "bienhoa.admin", created.initial_password)
    assert session.must_change_password and session.unit_code == "731"

    again = pb.CreateAccountRequest(username="bienhoa.admin", role=pb.ROLE_DISTRICT_OFFICER,
                                    unit_code="731")  # fmt: skip
    assert (await refused(accounts.CreateAccount(again, metadata=md)))[0] == (
        grpc.StatusCode.ALREADY_EXISTS
    )
    bad = pb.CreateAccountRequest(username="x", role=pb.ROLE_COMMUNE_OFFICER, unit_code="731",
                                  initial_password="short")  # fmt: skip
    code, _, fields = await refused(accounts.CreateAccount(bad, metadata=md))
    assert (code, sorted(fields)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        ["initial_password", "unit_code", "username"],
    )


async def test_an_officer_may_give_a_mobile_for_the_overdue_digest(resolution):
    accounts, _, _ = resolution
    md = bearer(await admin_token(accounts))
    request = pb.CreateAccountRequest(username="bienhoa.canbo", role=pb.ROLE_DISTRICT_OFFICER,
                                      unit_code="731", phone="0912 345 678")  # fmt: skip
    created = await accounts.CreateAccount(request, metadata=md)
    assert created.account.phone == "+84912345678"
    without = await create(accounts, md, "bienhoa.khac", pb.ROLE_DISTRICT_OFFICER, "731")
    assert without.account.phone == ""
    landline = pb.CreateAccountRequest(username="bienhoa.ban", role=pb.ROLE_DISTRICT_OFFICER,
                                       unit_code="731", phone="02513822345")  # fmt: skip
    code, _, fields = await refused(accounts.CreateAccount(landline, metadata=md))
    assert (code, fields) == (grpc.StatusCode.INVALID_ARGUMENT, ["phone"])
    listed = await accounts.ListAccounts(pb.ListAccountsRequest(), metadata=md)
    assert {a.username: a.phone for a in listed.accounts} == {
        ADMIN: "",
        "bienhoa.canbo": "+84912345678",
        "bienhoa.khac": "",
    }


@contextlib.asynccontextmanager
async def gateways(system):
    """The gateway as called from any client address: `(await at(address)).post(…)`."""
    async with contextlib.AsyncExitStack() as stack:
        clients = {}

        async def at(address: str):
            if address not in clients:
                client = gateway_client(system, client_address=address)
                clients[address] = await stack.enter_async_context(client)
            return clients[address]

        yield at


async def login_from(gateway, address: str, username: str, password: str):
    return await (await gateway(address)).post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )


def answer(reply) -> tuple[int, dict, str | None]:
    return reply.status_code, reply.json(), reply.headers.get("retry-after")


@pytest.fixture
async def gateway(resolution):
    async with gateways(resolution[2]) as at:
        yield at


async def test_a_known_and_an_unknown_username_answer_alike_and_the_officer_logs_in_elsewhere(
    resolution, gateway
):
    accounts, _, _ = resolution
    md = bearer(await admin_token(accounts))
    created = await create(accounts, md, "bienhoa.canbo", pb.ROLE_DISTRICT_OFFICER, "731")

    async def six_wrong(username: str) -> list:
        return [
            answer(await login_from(gateway, ATTACKER, username, "sai-mat-khau-1"))
            for _ in range(6)
        ]

    known, unknown = await six_wrong("bienhoa.canbo"), await six_wrong("khong.ai.co")
    assert known == unknown
    assert [(status, retry_after) for status, _, retry_after in known] == [(401, None)] * 5 + [
        (429, "60")
    ]
    assert known[-1][1]["error"]["reason"] == "TOO_MANY_FAILED_LOGINS"
    # From the attacker's address the right password is refused unchecked; not from the office.
    right = created.initial_password
    assert (await login_from(gateway, ATTACKER, "bienhoa.canbo", right)).status_code == 429
    assert (await login_from(gateway, OFFICE, "bienhoa.canbo", right)).status_code == 200

    events = await accounts.ListSecurityEvents(
        pb.ListSecurityEventsRequest(page_size=100), metadata=md
    )
    kinds = [pb.SecurityEventKind.Name(e.kind) for e in events.events if e.username]
    assert [k.removeprefix("SECURITY_EVENT_KIND_") for k in kinds[:5]] == [
        "LOGIN_SUCCEEDED",
        "LOGIN_FAILED",  # the right password, refused unchecked
        "LOGIN_FAILED",  # the sixth
        "LOGIN_THROTTLED",
        "LOGIN_FAILED",
    ]
    trail = repr([(e.actor, e.username, e.detail) for e in events.events])
    assert "sai-mat-khau-1" not in trail and "khong.ai.co" not in trail

    # An admin's reset forgets the username's failures: even there, it logs in at once.
    reset = await accounts.ResetPassword(
        pb.ResetPasswordRequest(username="bienhoa.canbo"), metadata=md
    )
    again = await login_from(gateway, ATTACKER, "bienhoa.canbo", reset.initial_password)
    assert again.json()["must_change_password"]


async def test_the_delay_doubles_with_each_further_failure_and_a_success_starts_afresh(
    database_urls,
):
    """The use cases on the real database, with a clock the test moves."""
    now = [datetime(2021, 10, 5, 8, 0, tzinfo=UTC)]
    settings = InProcessSystem(database_urls).settings("resolution")
    engine = create_engine(database_urls["resolution"], pool_size=1)
    logins = login_service(settings, engine, clock=lambda: now[0])

    async def attempt(password: str) -> int | None:
        """None when logged in, 0 for wrong credentials, else the seconds to wait."""
        try:
            await logins.login("bienhoa.canbo", password, "", OFFICE)
        except Unauthenticated:
            return 0
        except ResourceExhausted as refused:
            return refused.retry_after_seconds
        return None

    try:
        await account_service(settings, engine).ensure_account(
            "bienhoa.canbo", "DISTRICT_OFFICER", "731", "dung-mat-khau", "t"
        )
        assert [await attempt("sai-mat-khau") for _ in range(6)] == [0] * 5 + [60]
        now[0] += timedelta(seconds=59)
        assert await attempt("dung-mat-khau") == 1
        for waited in (60, 120):
            now[0] += timedelta(seconds=waited)
            wrong, right = await attempt("sai-mat-khau"), await attempt("dung-mat-khau")
            assert (wrong, right) == (0, waited * 2)
        now[0] += timedelta(seconds=240)
        assert await attempt("dung-mat-khau") is None
        assert [await attempt("sai-mat-khau") for _ in range(6)] == [0] * 5 + [60]
    finally:
        await engine.dispose()


async def test_past_its_limit_a_username_is_tried_only_from_where_its_officer_logged_in(
    database_urls,
):
    system = InProcessSystem(
        database_urls,
        bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}",
        login_max_failures=2,
        login_max_failures_per_username=4,
    )
    await system.start("resolution")
    try:
        async with (
            grpc.aio.insecure_channel(system.target("resolution")) as channel,
            gateways(system) as http,
        ):
            accounts = accounts_pb2_grpc.AccountServiceStub(channel)
            md = bearer(await admin_token(accounts))
            await create(accounts, md, "canbo", pb.ROLE_DISTRICT_OFFICER, "731", "mk-dau-b-1")

            async def status(address: str, username: str, password="mk-dau-b-1") -> int:
                return (await login_from(http, address, username, password)).status_code

            assert await status(OFFICE, "canbo") == 200
            # Two failures (a pair's limit here) from each of two addresses, for a username
            # that exists and one that does not; then a try from a third address.
            for username in ("canbo", "ai.do"):
                for address in ("203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2"):
                    assert await status(address, username, "sai") == 401
            known, unknown = [
                answer(await login_from(http, ELSEWHERE, username, "mk-dau-b-1"))
                for username in ("canbo", "ai.do")
            ]
            assert known == unknown
            assert (known[0], known[2]) == (429, "3600")
            assert await status(OFFICE, "canbo") == 200
            # The success ends the streak: the new address may try again.
            assert await status(ELSEWHERE, "canbo") == 200
    finally:
        await system.stop()


COMMON = ["password123", "matkhau123", "1234567890", "qwertyuiop", " " * 10, "Mật khẩu 2021"]


async def test_common_passwords_are_refused_as_new_or_initial_passwords(resolution, gateway):
    first = await login_from(gateway, OFFICE, ADMIN, ADMIN_PASSWORD)
    pending = {"Authorization": f"Bearer {first.json()['access_token']}"}

    async def change_to(new: str):
        body = {"current_password": ADMIN_PASSWORD, "new_password": new}
        http = await gateway(OFFICE)
        return await http.post("/api/v1/auth/password", json=body, headers=pending)

    refusal = [{"field": "new_password", "reason": "PASSWORD_TOO_COMMON"}]
    for common in COMMON:
        reply = await change_to(common)
        assert reply.status_code == 400, common
        violations = reply.json()["error"]["field_violations"]
        assert [{"field": v["field"], "reason": v["reason"]} for v in violations] == refusal
    passphrase = "trời hôm nay xanh như ngọc"
    assert (await change_to(passphrase)).status_code == 204

    token = (await login_from(gateway, OFFICE, ADMIN, passphrase)).json()["access_token"]
    created = await (await gateway(OFFICE)).post(
        "/api/v1/accounts",
        json={"username": "bienhoa.canbo", "role": "DISTRICT_OFFICER", "unit_code": "731",
              "initial_password": "matkhau@2021"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert created.status_code == 400
    assert [(v["field"], v["reason"]) for v in created.json()["error"]["field_violations"]] == [
        ("initial_password", "PASSWORD_TOO_COMMON")
    ]


async def test_an_expired_token_is_refused(resolution):
    accounts, _, system = resolution
    issued_long_ago = system.token(
        "PROVINCE_ADMIN", "75", clock=lambda: datetime.now(UTC) - timedelta(hours=1)
    )
    code, _, _ = await refused(
        accounts.ListAccounts(pb.ListAccountsRequest(), metadata=bearer(issued_long_ago))
    )
    assert code == grpc.StatusCode.UNAUTHENTICATED


async def test_an_api_key_acts_as_its_account_until_revoked(resolution):
    accounts, cases, _ = resolution
    md = bearer(await admin_token(accounts))
    created = await create(
        accounts, md, "bienhoa.phanmem", pb.ROLE_DISTRICT_OFFICER, "731", "mat-khau-may-1"
    )
    assert created.account.must_change_password
    first = await login(accounts, "bienhoa.phanmem", "mat-khau-may-1")
    await accounts.ChangePassword(
        pb.ChangePasswordRequest(current_password="mat-khau-may-1", new_password="mat-khau-may-2"),
        metadata=bearer(first.access_token),
    )
    officer = bearer((await login(accounts, "bienhoa.phanmem", "mat-khau-may-2")).access_token)
    key = await accounts.CreateApiKey(
        pb.CreateApiKeyRequest(name="phần mềm huyện"), metadata=officer
    )

    exchanged = await accounts.ExchangeApiKey(pb.ExchangeApiKeyRequest(api_key=key.api_key))
    assert (exchanged.role, exchanged.unit_code) == (pb.ROLE_DISTRICT_OFFICER, "731")
    await cases.ListCases(
        resolution_pb2.ListCasesRequest(), metadata=bearer(exchanged.access_token)
    )

    await accounts.RevokeApiKey(pb.RevokeApiKeyRequest(key_id=key.key.key_id), metadata=officer)
    for wrong in (key.api_key, key.api_key[:-2] + "xx", "phk_nonsense"):
        code, _, _ = await refused(accounts.ExchangeApiKey(pb.ExchangeApiKeyRequest(api_key=wrong)))
        assert code == grpc.StatusCode.UNAUTHENTICATED
    listed = await accounts.ListApiKeys(pb.ListApiKeysRequest(), metadata=officer)
    assert [k.HasField("revoked_at") for k in listed.keys] == [True]


async def test_a_disabled_account_can_neither_log_in_nor_use_its_keys(resolution):
    accounts, _, _ = resolution
    md = bearer(await admin_token(accounts))
    await create(accounts, md, "xa.canbo", pb.ROLE_COMMUNE_OFFICER, "25993", "mat-khau-xa-1")
    await accounts.DisableAccount(pb.DisableAccountRequest(username="xa.canbo"), metadata=md)
    assert (await refused(login(accounts, "xa.canbo", "mat-khau-xa-1")))[0] == (
        grpc.StatusCode.UNAUTHENTICATED
    )
    await accounts.EnableAccount(pb.EnableAccountRequest(username="xa.canbo"), metadata=md)
    assert (await login(accounts, "xa.canbo", "mat-khau-xa-1")).must_change_password


async def test_totp_once_enrolled_is_asked_at_every_login(resolution):
    accounts, _, _ = resolution
    token = await admin_token(accounts)
    begun = await accounts.BeginTotpEnrollment(
        pb.BeginTotpEnrollmentRequest(), metadata=bearer(token)
    )
    assert begun.provisioning_uri.startswith("otpauth://totp/")
    wrong = pb.ConfirmTotpEnrollmentRequest(code="000000")
    assert (await refused(accounts.ConfirmTotpEnrollment(wrong, metadata=bearer(token))))[2] == [
        "code"
    ]
    totp = pyotp.TOTP(begun.secret)
    await accounts.ConfirmTotpEnrollment(
        pb.ConfirmTotpEnrollmentRequest(code=totp.now()), metadata=bearer(token)
    )

    assert await refused(login(accounts, ADMIN, ADMIN_NEW_PASSWORD)) == (
        grpc.StatusCode.UNAUTHENTICATED,
        "TOTP_REQUIRED",
        [],
    )
    assert (await refused(login(accounts, ADMIN, ADMIN_NEW_PASSWORD, "000000")))[0] == (
        grpc.StatusCode.UNAUTHENTICATED
    )
    assert (await login(accounts, ADMIN, ADMIN_NEW_PASSWORD, totp.now())).access_token


async def test_admins_must_enrol_totp_when_the_province_requires_it(database_urls):
    system = InProcessSystem(
        database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}", admin_2fa=True
    )
    await system.start("resolution")
    try:
        async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
            accounts = accounts_pb2_grpc.AccountServiceStub(channel)
            # After the password change, the admin's token serves only the enrolment.
            token = await admin_token(accounts)
            session = await login(accounts, ADMIN, ADMIN_NEW_PASSWORD)
            assert session.totp_enrollment_required
            listing = accounts.ListAccounts(pb.ListAccountsRequest(), metadata=bearer(token))
            assert (await refused(listing))[1] == "TOTP_ENROLLMENT_REQUIRED"
            begun = await accounts.BeginTotpEnrollment(
                pb.BeginTotpEnrollmentRequest(), metadata=bearer(session.access_token)
            )
            code = pyotp.TOTP(begun.secret).now()
            await accounts.ConfirmTotpEnrollment(
                pb.ConfirmTotpEnrollmentRequest(code=code), metadata=bearer(session.access_token)
            )
            full = await login(accounts, ADMIN, ADMIN_NEW_PASSWORD, pyotp.TOTP(begun.secret).now())
            await accounts.ListAccounts(
                pb.ListAccountsRequest(), metadata=bearer(full.access_token)
            )
    finally:
        await system.stop()


async def test_a_disabled_officer_s_token_stops_at_once_in_resolution(resolution):
    accounts, cases, _ = resolution
    md = bearer(await admin_token(accounts))
    await create(accounts, md, "huyen.canbo", pb.ROLE_DISTRICT_OFFICER, "731", "mat-khau-huyen-1")
    first = await login(accounts, "huyen.canbo", "mat-khau-huyen-1")
    await accounts.ChangePassword(
        pb.ChangePasswordRequest(current_password="mat-khau-huyen-1", new_password="mat-khau-2-h"),
        metadata=bearer(first.access_token),
    )
    token = bearer((await login(accounts, "huyen.canbo", "mat-khau-2-h")).access_token)
    await cases.ListCases(resolution_pb2.ListCasesRequest(), metadata=token)

    await accounts.DisableAccount(pb.DisableAccountRequest(username="huyen.canbo"), metadata=md)
    code, reason, _ = await refused(
        cases.ListCases(resolution_pb2.ListCasesRequest(), metadata=token)
    )
    assert (code, reason) == (grpc.StatusCode.UNAUTHENTICATED, "ACCOUNT_DISABLED")

    await accounts.EnableAccount(pb.EnableAccountRequest(username="huyen.canbo"), metadata=md)
    await cases.ListCases(resolution_pb2.ListCasesRequest(), metadata=token)


async def answers(call) -> tuple[grpc.StatusCode, str]:
    """OK, or the code and ErrorInfo reason of the refusal."""
    try:
        await call
    except grpc.aio.AioRpcError as error:
        info = error_details_pb2.ErrorInfo()
        status = status_details(error)
        for detail in status.details if status else ():
            detail.Unpack(info)
        return error.code(), info.reason
    return grpc.StatusCode.OK, ""


OTHERS = ("intake", "notification", "reporting")


async def told(system, kind: str) -> bool:
    """Whether every other service holds the account's state as of resolution's latest
    security event of this kind."""
    urls = system.database_urls
    version = await scalar(
        urls["resolution"], "SELECT max(event_id) FROM security_events WHERE kind = :k", k=kind
    )
    sql = "SELECT count(*) FROM account_access WHERE version = :v"
    return [await scalar(urls[s], sql, v=version) for s in OTHERS] == [1, 1, 1]


# Who makes the officers' calls to each service: the gateway, but for intake's evidence,
# which resolution reads on their behalf.
OFFICERS_CALLERS = {
    "resolution": GATEWAY,
    "intake": "resolution",
    "notification": GATEWAY,
    "reporting": GATEWAY,
}


async def channels_to_every_service(
    stack: contextlib.AsyncExitStack, system, callers=OFFICERS_CALLERS
) -> dict:
    """A channel to each service of `callers` as its caller there, by name, closed with
    `stack`."""
    return {
        s: await stack.enter_async_context(system.channel(s, caller))
        for s, caller in callers.items()
    }


async def deliver_from_resolution(system, service: str, envelope) -> None:
    async with system.channel(service, "resolution") as channel:
        await envelope_pb2_grpc.EventConsumerServiceStub(channel).DeliverEvent(
            envelope_pb2.DeliverEventRequest(event=envelope)
        )


def officer_calls(channel: dict, token) -> dict:
    """A province officer's read in each service but resolution, by service."""
    intake = intake_pb2_grpc.IntakeServiceStub(channel["intake"])
    notification = notification_pb2_grpc.NotificationServiceStub(channel["notification"])
    reporting = reporting_pb2_grpc.ReportingServiceStub(channel["reporting"])
    return {
        "intake": lambda: intake.ListEvidence(
            intake_pb2.ListEvidenceRequest(complaint_id=str(uuid.uuid4())), metadata=token
        ),
        "notification": lambda: notification.ListDeadLetters(
            notification_pb2.ListDeadLettersRequest(), metadata=token
        ),
        "reporting": lambda: reporting.GetSummary(
            reporting_pb2.GetSummaryRequest(), metadata=token
        ),
    }


async def test_a_disabled_officer_s_token_stops_in_every_service_until_enabled(database_urls):
    system = InProcessSystem(database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}")
    await system.start()
    try:
        async with contextlib.AsyncExitStack() as stack:
            channel = await channels_to_every_service(stack, system)
            accounts = accounts_pb2_grpc.AccountServiceStub(channel["resolution"])
            md = bearer(await admin_token(accounts))
            await create(accounts, md, "tinh.canbo", pb.ROLE_PROVINCE_OFFICER, "75", "mk-dau-t-1")
            first = await login(accounts, "tinh.canbo", "mk-dau-t-1")
            await accounts.ChangePassword(
                pb.ChangePasswordRequest(current_password="mk-dau-t-1", new_password="mk-moi-t-2"),
                metadata=bearer(first.access_token),
            )
            token = bearer((await login(accounts, "tinh.canbo", "mk-moi-t-2")).access_token)
            calls = officer_calls(channel, token)

            async def every_service_answers():
                return {s: await answers(call()) for s, call in calls.items()}

            ok = (grpc.StatusCode.OK, "")
            assert await every_service_answers() == dict.fromkeys(OTHERS, ok)

            officer = "tinh.canbo"
            await accounts.DisableAccount(pb.DisableAccountRequest(username=officer), metadata=md)
            await eventually(lambda: told(system, "ACCOUNT_DISABLED"))
            disabled = (grpc.StatusCode.UNAUTHENTICATED, "ACCOUNT_DISABLED")
            assert await every_service_answers() == dict.fromkeys(OTHERS, disabled)

            await accounts.EnableAccount(pb.EnableAccountRequest(username=officer), metadata=md)
            await eventually(lambda: told(system, "ACCOUNT_ENABLED"))
            assert await every_service_answers() == dict.fromkeys(OTHERS, ok)

            # The disabling, delivered again late: the newer enabling stands.
            envelope = await scalar(
                system.database_urls["resolution"],
                "SELECT envelope FROM outbox_events WHERE type = :t ORDER BY created_at LIMIT 1",
                t=AccountAccessChanged.DESCRIPTOR.full_name,
            )
            late = envelope_pb2.EventEnvelope.FromString(envelope)
            late.event_id = str(uuid.uuid4())
            await deliver_from_resolution(system, "reporting", late)
            assert await answers(calls["reporting"]()) == ok
    finally:
        await system.stop()


REVOKED = (grpc.StatusCode.UNAUTHENTICATED, "TOKEN_REVOKED")


async def change_password(accounts, token: str, current: str, new: str) -> None:
    request = pb.ChangePasswordRequest(current_password=current, new_password=new)
    await accounts.ChangePassword(request, metadata=bearer(token))


async def test_a_password_change_or_reset_refuses_the_older_tokens_in_resolution(resolution):
    accounts, cases, _ = resolution
    md = bearer(await admin_token(accounts))
    await create(accounts, md, "huyen.ketoan", pb.ROLE_DISTRICT_OFFICER, "731", "mk-huyen-k-1")
    first = (await login(accounts, "huyen.ketoan", "mk-huyen-k-1")).access_token
    await change_password(accounts, first, "mk-huyen-k-1", "mk-huyen-k-2")
    # The token that made the change is done with, moments after it was issued.
    again = change_password(accounts, first, "mk-huyen-k-2", "mk-huyen-k-3")
    assert await answers(again) == REVOKED

    listing = resolution_pb2.ListCasesRequest()
    stolen = (await login(accounts, "huyen.ketoan", "mk-huyen-k-2")).access_token
    await cases.ListCases(listing, metadata=bearer(stolen))
    reset = await accounts.ResetPassword(
        pb.ResetPasswordRequest(username="huyen.ketoan"), metadata=md
    )
    assert await answers(cases.ListCases(listing, metadata=bearer(stolen))) == REVOKED

    fresh = await login(accounts, "huyen.ketoan", reset.initial_password)
    await change_password(accounts, fresh.access_token, reset.initial_password, "mk-huyen-k-4")
    newest = (await login(accounts, "huyen.ketoan", "mk-huyen-k-4")).access_token
    await cases.ListCases(listing, metadata=bearer(newest))
    # The admin's own tokens are untouched.
    await accounts.ListAccounts(pb.ListAccountsRequest(), metadata=md)


async def test_a_password_reset_refuses_the_older_tokens_in_every_service(database_urls):
    system = InProcessSystem(database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}")
    await system.start()
    try:
        async with contextlib.AsyncExitStack() as stack:
            channel = await channels_to_every_service(stack, system)
            http = await stack.enter_async_context(gateway_client(system))
            accounts = accounts_pb2_grpc.AccountServiceStub(channel["resolution"])
            cases = resolution_pb2_grpc.ResolutionServiceStub(channel["resolution"])
            md = bearer(await admin_token(accounts))
            officer = "tinh.ketoan"
            await create(accounts, md, officer, pb.ROLE_PROVINCE_OFFICER, "75", "mk-dau-k-1")
            first = (await login(accounts, officer, "mk-dau-k-1")).access_token
            await change_password(accounts, first, "mk-dau-k-1", "mk-moi-k-2")
            stolen = (await login(accounts, officer, "mk-moi-k-2")).access_token

            async def everywhere(token: str) -> dict:
                calls = officer_calls(channel, bearer(token))
                answered = {s: await answers(call()) for s, call in calls.items()}
                listing = cases.ListCases(resolution_pb2.ListCasesRequest(), metadata=bearer(token))
                return answered | {"resolution": await answers(listing)}

            async def through_the_gateway(token: str) -> tuple[int, str]:
                headers = {"Authorization": f"Bearer {token}"}
                reply = await http.get("/api/v1/reports/summary", headers=headers)
                return reply.status_code, reply.json().get("error", {}).get("reason", "")

            ok = (grpc.StatusCode.OK, "")
            await eventually(lambda: told(system, "PASSWORD_CHANGED"))
            assert await everywhere(stolen) == dict.fromkeys(("resolution", *OTHERS), ok)
            assert (await through_the_gateway(stolen))[0] == 200

            reset = await accounts.ResetPassword(
                pb.ResetPasswordRequest(username=officer), metadata=md
            )
            await eventually(lambda: told(system, "PASSWORD_RESET"))
            assert await everywhere(stolen) == dict.fromkeys(("resolution", *OTHERS), REVOKED)
            assert await through_the_gateway(stolen) == (401, "TOKEN_REVOKED")

            fresh = (await login(accounts, officer, reset.initial_password)).access_token
            await change_password(accounts, fresh, reset.initial_password, "mk-moi-k-3")
            newest = (await login(accounts, officer, "mk-moi-k-3")).access_token
            await eventually(lambda: told(system, "PASSWORD_CHANGED"))
            assert await everywhere(newest) == dict.fromkeys(("resolution", *OTHERS), ok)
            assert await everywhere(fresh) == dict.fromkeys(("resolution", *OTHERS), REVOKED)

            # The first change, delivered again late: the reset and the change after it stand.
            envelope = await scalar(
                system.database_urls["resolution"],
                "SELECT envelope FROM outbox_events WHERE type = :t ORDER BY created_at LIMIT 1",
                t=AccountAccessChanged.DESCRIPTOR.full_name,
            )
            late = envelope_pb2.EventEnvelope.FromString(envelope)
            for service in OTHERS:
                late.event_id = str(uuid.uuid4())
                await deliver_from_resolution(system, service, late)
            assert await everywhere(stolen) == dict.fromkeys(("resolution", *OTHERS), REVOKED)
            assert await everywhere(newest) == dict.fromkeys(("resolution", *OTHERS), ok)
    finally:
        await system.stop()
