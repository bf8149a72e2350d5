"""Officers through the gateway and district clients over gRPC, on the system as `make run`
starts it; and no password, token or hash in any process's log or exported span."""

import grpc

from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from tests.e2e.conftest import BOOTSTRAP_PASSWORD, BOOTSTRAP_USERNAME
from tests.harness import bearer, eventually, scalar

NEW_PASSWORD = "mat-khau-tinh-moi"


async def test_officers_log_in_change_passwords_and_create_accounts(stack, http, otlp):
    secrets = [BOOTSTRAP_PASSWORD, NEW_PASSWORD]
    first = await http.post(
        "/api/v1/auth/login", json={"username": BOOTSTRAP_USERNAME, "password": BOOTSTRAP_PASSWORD}
    )
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["token_type"], body["must_change_password"], body["role"], body["unit_code"]) == (
        "Bearer",
        True,
        "PROVINCE_ADMIN",
        "75",
    )
    pending = {"Authorization": f"Bearer {body['access_token']}"}
    secrets.append(body["access_token"])

    blocked = await http.get("/api/v1/accounts", headers=pending)
    assert blocked.status_code == 403
    assert blocked.json()["error"]["reason"] == "PASSWORD_CHANGE_REQUIRED"
    assert (await http.get("/api/v1/accounts")).status_code == 401
    forged = {"Authorization": "Bearer " + body["access_token"][:-4] + "AAAA"}
    assert (await http.get("/api/v1/accounts", headers=forged)).status_code == 401

    changed = await http.post(
        "/api/v1/auth/password",
        json={"current_password": BOOTSTRAP_PASSWORD, "new_password": NEW_PASSWORD},
        headers=pending,
    )
    assert changed.status_code == 204
    second = await http.post(
        "/api/v1/auth/login", json={"username": BOOTSTRAP_USERNAME, "password": NEW_PASSWORD}
    )
    assert second.json()["must_change_password"] is False
    admin = {"Authorization": f"Bearer {second.json()['access_token']}"}
    secrets.append(second.json()["access_token"])

    created = await http.post(
        "/api/v1/accounts",
        json={"username": "bienhoa.canbo", "role": "DISTRICT_OFFICER", "unit_code": "731"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    assert created.json()["username"] == "bienhoa.canbo"
    initial = created.json()["initial_password"]
    secrets.append(initial)
    wrong_unit = await http.post(
        "/api/v1/accounts",
        json={"username": "x.canbo", "role": "COMMUNE_OFFICER", "unit_code": "731"},
        headers=admin,
    )
    assert wrong_unit.status_code == 400
    assert [v["field"] for v in wrong_unit.json()["error"]["field_violations"]] == ["unit_code"]

    statuses = []
    for _ in range(6):
        reply = await http.post(
            "/api/v1/auth/login", json={"username": "bienhoa.canbo", "password": "sai-mat-khau-1"}
        )
        statuses.append(reply.status_code)
    assert statuses == [401, 401, 401, 401, 401, 429]
    secrets.append("sai-mat-khau-1")

    events = await http.get("/api/v1/security-events", params={"page_size": 3}, headers=admin)
    assert events.status_code == 200
    assert [e["kind"] for e in events.json()["events"]] == [
        "LOGIN_FAILED",  # the sixth, refused unchecked
        "LOGIN_THROTTLED",
        "LOGIN_FAILED",
    ]
    assert events.json()["next_page_token"]

    # A district client calls resolution over gRPC with the same kind of token.
    reset = await http.post("/api/v1/accounts/bienhoa.canbo/reset-password", headers=admin)
    secrets.append(reset.json()["initial_password"])
    officer = await http.post(
        "/api/v1/auth/login",
        json={"username": "bienhoa.canbo", "password": reset.json()["initial_password"]},
    )
    secrets.append(officer.json()["access_token"])
    await http.post(
        "/api/v1/auth/password",
        json={"current_password": reset.json()["initial_password"], "new_password": "mk-huyen-731"},
        headers={"Authorization": f"Bearer {officer.json()['access_token']}"},
    )
    secrets.append("mk-huyen-731")
    token = (
        await http.post(
            "/api/v1/auth/login", json={"username": "bienhoa.canbo", "password": "mk-huyen-731"}
        )
    ).json()["access_token"]
    secrets.append(token)
    port = stack.env["PHANANH_RESOLUTION_PORT"]
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = resolution_pb2_grpc.ResolutionServiceStub(channel)
        await stub.ListCases(resolution_pb2.ListCasesRequest(), metadata=bearer(token))
        try:
            await stub.ListCases(resolution_pb2.ListCasesRequest())
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        else:
            raise AssertionError("a call without a token was served")

    # Nothing secret in the logs or the spans.
    url = stack.env["PHANANH_RESOLUTION_DATABASE_URL"]
    hashes = [await scalar(url, "SELECT password_hash FROM accounts WHERE username = :u", u=u)
              for u in (BOOTSTRAP_USERNAME, "bienhoa.canbo")]  # fmt: skip

    async def login_spans_arrived():
        return any("/api/v1/security-events" in s.name for s in otlp.spans)

    await eventually(login_spans_arrived, timeout=30)
    logs = "".join(stack.log_of(p).read_text() for p in stack.processes)
    spans = repr(otlp.spans)
    assert "POST /api/v1/auth/login" in logs and "AccountService/Login" in spans  # searched
    for secret in [*secrets, *hashes, "$argon2id$"]:
        assert secret not in logs
        assert secret not in spans
