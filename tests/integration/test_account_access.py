"""An account's access cut off, refused by resolution at once and by every other service once
told, whatever arrives late: a disabled account (neither logging in nor using its keys, its
officer's token refused until enabled), an expired token, and tokens older than a password
change or reset."""

import contextlib
import uuid
from datetime import UTC, datetime, timedelta

import grpc

from phananh.events.v1 import envelope_pb2
from phananh.events.v1.resolution_events_pb2 import AccountAccessChanged
from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import accounts_pb2_grpc, resolution_pb2, resolution_pb2_grpc
from tests.harness import InProcessSystem, bearer, eventually, gateway_client, refused, scalar
from tests.integration.accounts import (
    ADMIN,
    ADMIN_PASSWORD,
    OTHERS,
    admin_token,
    answers,
    channels_to_every_service,
    create,
    deliver_from_resolution,
    login,
    officer_calls,
    told,
)


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


async def test_an_expired_token_is_refused(resolution):
    accounts, _, system = resolution
    issued_long_ago = system.token(
        "PROVINCE_ADMIN", "75", clock=lambda: datetime.now(UTC) - timedelta(hours=1)
    )
    code, _, _ = await refused(
        accounts.ListAccounts(pb.ListAccountsRequest(), metadata=bearer(issued_long_ago))
    )
    assert code == grpc.StatusCode.UNAUTHENTICATED


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
