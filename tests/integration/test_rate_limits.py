"""Rate limits through the gateway, each a 429 with Retry-After: failed logins lock an
account, failed logins from one client address refuse that address whatever the account,
and one-time codes are limited per phone."""

import grpc
import pytest

from phananh.resolution.v1 import accounts_pb2, accounts_pb2_grpc
from tests.harness import InProcessSystem

ADMIN, ADMIN_PASSWORD = "tinh.quantri", "mat-khau-ban-dau"


@pytest.fixture
async def system(database_urls, request):
    overrides = getattr(request, "param", {})
    system = InProcessSystem(
        database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}", **overrides
    )
    await system.start()
    yield system
    await system.stop()


async def wrong_login(http, username: str):
    return await http.post(
        "/api/v1/auth/login", json={"username": username, "password": "sai-mat-khau-1"}
    )


async def test_a_locked_account_answers_429_with_retry_after(http):
    replies = [await wrong_login(http, ADMIN) for _ in range(5)]
    assert [r.status_code for r in replies] == [401] * 4 + [429]
    assert 0 < int(replies[-1].headers["retry-after"]) <= 15 * 60
    right = await http.post(
        "/api/v1/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD}
    )
    assert right.status_code == 429
    assert 0 < int(right.headers["retry-after"]) <= 15 * 60


async def test_one_time_codes_past_the_phone_s_limit_answer_429_with_retry_after(http):
    replies = [await http.post("/api/v1/otp", json={"phone": "0912345678"}) for _ in range(4)]
    assert [r.status_code for r in replies] == [202] * 3 + [429]
    assert replies[-1].json()["error"]["code"] == "RESOURCE_EXHAUSTED"
    assert int(replies[-1].headers["retry-after"]) == 15 * 60
    assert "retry-after" not in replies[0].headers


@pytest.mark.parametrize("system", [{"login_max_failures_per_address": 3}], indirect=True)
async def test_failed_logins_from_one_address_refuse_it_whatever_the_account(system, http):
    tries = [await wrong_login(http, f"khong.co.{n}") for n in range(3)]
    assert [r.status_code for r in tries] == [401] * 3
    right = await http.post(
        "/api/v1/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD}
    )
    assert right.status_code == 429
    assert right.json()["error"]["reason"] == "TOO_MANY_FAILED_LOGINS"
    assert int(right.headers["retry-after"]) == 15 * 60
    async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
        elsewhere = await accounts_pb2_grpc.AccountServiceStub(channel).Login(
            accounts_pb2.LoginRequest(
                username=ADMIN, password=ADMIN_PASSWORD, client_address="10.1.2.3"
            )
        )
    assert elsewhere.must_change_password
