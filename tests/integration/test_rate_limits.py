"""Rate limits through the gateway, each a 429 with Retry-After: failed logins lock an
account, and one-time codes are limited per phone."""

import pytest

from tests.harness import InProcessSystem

ADMIN, ADMIN_PASSWORD = "tinh.quantri", "mat-khau-ban-dau"


@pytest.fixture
async def system(database_urls):
    system = InProcessSystem(database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}")
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
