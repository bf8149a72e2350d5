"""Failed logins throttled per username and client address (and per username from
everywhere), through the gateway (and, where time must pass, resolution's use cases on the
real database with an injected clock); the security trail of it."""

from datetime import UTC, datetime, timedelta

import grpc

from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import accounts_pb2_grpc
from phananh_common.database import create_engine
from phananh_common.errors import ResourceExhausted, Unauthenticated
from resolution.accounts.wiring import account_service, login_service
from tests.harness import InProcessSystem, bearer
from tests.integration.accounts import (
    ADMIN,
    ADMIN_PASSWORD,
    ATTACKER,
    ELSEWHERE,
    OFFICE,
    admin_token,
    answer,
    create,
    gateways,
    login_from,
)


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
    # Retry-After counts down from the fifth failure's minute, so it is 60 or a little less.
    assert [reply[:2] for reply in known] == [reply[:2] for reply in unknown]
    for replies in known, unknown:
        assert [status for status, _, _ in replies] == [401] * 5 + [429]
        assert [retry_after for _, _, retry_after in replies[:5]] == [None] * 5
        assert 50 < int(replies[-1][2]) <= 60
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
