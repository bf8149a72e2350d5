"""A new password before anything else, and passwords refused as too common (as new or
initial passwords), through resolution's gRPC API and the gateway."""

import grpc

from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import resolution_pb2
from tests.harness import bearer, refused
from tests.integration.accounts import (
    ADMIN,
    ADMIN_NEW_PASSWORD,
    ADMIN_PASSWORD,
    OFFICE,
    admin_token,
    login,
    login_from,
)


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
