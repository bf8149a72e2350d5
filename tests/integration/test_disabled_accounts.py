"""A disabled account can neither log in nor use its keys, and its officer's token is
refused at once by resolution and, once told, by every other service, until enabled."""

import contextlib
import uuid

import grpc

from phananh.events.v1 import envelope_pb2
from phananh.events.v1.resolution_events_pb2 import AccountAccessChanged
from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import accounts_pb2_grpc, resolution_pb2
from tests.harness import InProcessSystem, bearer, eventually, refused, scalar
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
