"""Rate limits through the gateway, each a 429 with Retry-After: failed logins of a username
refuse its tries from that client address, failed logins from one client address refuse that
address whatever the account,
one-time codes are limited per phone, and a client address is limited in the complaints it
sends, the files and supplements it adds and the lookups by tracking code and phone that
find nothing; the same limits at the gRPC level, where another address that the gateway
names is not refused, but one that any other caller claims is not taken."""

import grpc
import pytest

from intake.rate_limits import ADDRESS_WINDOW
from intake.service.housekeeping import Housekeeping
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.resolution.v1 import accounts_pb2, accounts_pb2_grpc
from phananh_common.local_time import utc_now
from tests.factories import Complaints
from tests.harness import InProcessSystem, execute, fetch, refused, scalar
from tests.integration.citizen import PNG

HOUR = 60 * 60

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


async def test_a_throttled_username_answers_429_with_retry_after(http):
    replies = [await wrong_login(http, ADMIN) for _ in range(6)]
    assert [r.status_code for r in replies] == [401] * 5 + [429]
    # Counted down from the fifth failure's minute: 60, or a little less on a busy machine.
    assert 50 < int(replies[-1].headers["retry-after"]) <= 60
    right = await http.post(
        "/api/v1/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD}
    )
    assert right.status_code == 429
    assert 0 < int(right.headers["retry-after"]) <= 60


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
    async with system.channel("resolution") as channel:
        elsewhere = await accounts_pb2_grpc.AccountServiceStub(channel).Login(
            accounts_pb2.LoginRequest(
                username=ADMIN, password=ADMIN_PASSWORD, client_address="10.1.2.3"
            )
        )
    assert elsewhere.must_change_password


@pytest.mark.parametrize("system", [{"login_max_failures_per_address": 3}], indirect=True)
async def test_a_direct_caller_s_logins_count_from_its_own_address_whatever_it_claims(system):
    # A district client logs in on resolution's port itself: only the gateway names addresses.
    async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        for n in range(3):
            wrong = accounts_pb2.LoginRequest(
                username=f"khong.co.{n}", password="sai-mat-khau-1", client_address=f"10.9.9.{n}"
            )
            assert (await refused(accounts.Login(wrong)))[0] == grpc.StatusCode.UNAUTHENTICATED
        right = accounts_pb2.LoginRequest(
            username=ADMIN, password=ADMIN_PASSWORD, client_address="10.1.2.3"
        )
        code, reason, _ = await refused(accounts.Login(right))
    assert (code, reason) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "TOO_MANY_FAILED_LOGINS")
    counted = await fetch(
        system.database_urls["resolution"],
        "SELECT DISTINCT client_address FROM security_events WHERE kind = 'LOGIN_FAILED'",
    )
    assert [row.client_address for row in counted] == ["127.0.0.1"]


def upload(http, code: str, phone: str):
    return http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": phone},
        files={"file": ("a.png", PNG, "application/octet-stream")},
    )


def assert_refused(reply, reason: str) -> None:
    assert reply.status_code == 429, reply.text
    assert reply.json()["error"]["reason"] == reason
    assert int(reply.headers["retry-after"]) == HOUR


@pytest.mark.parametrize("system", [{"submissions_per_address": 2}], indirect=True)
async def test_complaints_past_the_address_s_limit_answer_429_and_store_nothing(system, http):
    complaints = Complaints(70)
    sent = [await http.post("/api/v1/complaints", json=complaints.json()) for _ in range(3)]
    assert [r.status_code for r in sent[:2]] == [201, 201]
    assert_refused(sent[2], "TOO_MANY_SUBMISSIONS")
    assert await scalar(system.database_urls["intake"], "SELECT count(*) FROM complaints") == 2
    async with system.channel("intake") as channel:
        intake = intake_pb2_grpc.IntakeServiceStub(channel)
        elsewhere = await intake.SubmitComplaint(
            intake_pb2.SubmitComplaintRequest(
                complaint=complaints.message(),
                idempotency_key="from-another-address-1",
                client_address="10.1.2.3",
            )
        )
        assert not elsewhere.deduplicated
        code, _, _ = await refused(
            intake.SubmitComplaint(
                intake_pb2.SubmitComplaintRequest(
                    complaint=complaints.message(),
                    idempotency_key="from-the-same-address-1",
                    client_address="127.0.0.1",
                )
            )
        )
        assert code == grpc.StatusCode.RESOURCE_EXHAUSTED


@pytest.mark.parametrize("system", [{"failed_lookups_per_address": 3}], indirect=True)
async def test_lookups_that_find_nothing_refuse_the_address_s_lookups(system, http):
    body = Complaints(71).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]
    phone = body["citizen"]["phone"]

    def status(tracking_code=code, phone=phone):
        return http.get(f"/api/v1/complaints/{tracking_code}", params={"phone": phone})

    # Lookups that find the complaint are not counted, however many.
    assert [(await status()).status_code for _ in range(5)] == [200] * 5
    misses = [
        await status(phone="0912000000"),
        await status(tracking_code="ZZZZZ-ZZZZZ"),
        await upload(http, "not a code", phone),
    ]
    assert [r.status_code for r in misses] == [404] * 3
    assert_refused(await status(), "TOO_MANY_FAILED_LOOKUPS")
    assert_refused(await upload(http, code, phone), "TOO_MANY_FAILED_LOOKUPS")
    supplement = await http.post(
        f"/api/v1/complaints/{code}/supplement",
        json={"phone": phone, "description": "Bổ sung", "claimed_doses": []},
    )
    assert_refused(supplement, "TOO_MANY_FAILED_LOOKUPS")
    assert await scalar(system.database_urls["intake"], "SELECT count(*) FROM evidence") == 0

    async with system.channel("intake") as channel:
        elsewhere = await intake_pb2_grpc.IntakeServiceStub(channel).GetComplaintStatus(
            intake_pb2.GetComplaintStatusRequest(
                tracking_code=code, phone=phone, client_address="10.1.2.3"
            )
        )
    assert elsewhere.tracking_code == code


@pytest.mark.parametrize("system", [{"additions_per_address": 2}], indirect=True)
async def test_files_past_the_address_s_limit_answer_429(system, http):
    body = Complaints(72).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]
    phone = body["citizen"]["phone"]
    added = [await upload(http, code, phone) for _ in range(3)]
    assert [r.status_code for r in added[:2]] == [201, 201]
    assert_refused(added[2], "TOO_MANY_ADDITIONS")
    assert await scalar(system.database_urls["intake"], "SELECT count(*) FROM evidence") == 2
    async with system.channel("intake") as channel:
        await intake_pb2_grpc.IntakeServiceStub(channel).AddEvidence(
            intake_pb2.AddEvidenceRequest(
                tracking_code=code, phone=phone, content=PNG, client_address="10.1.2.3"
            )
        )
    assert await scalar(system.database_urls["intake"], "SELECT count(*) FROM evidence") == 3


async def test_intake_forgets_the_requests_counted_once_out_of_the_window(system, http):
    url = system.database_urls["intake"]
    await http.get("/api/v1/complaints/ZZZZZ-ZZZZZ", params={"phone": "0912000000"})
    assert await scalar(url, "SELECT count(*) FROM client_requests") == 1
    await execute(url, "UPDATE client_requests SET created_at = now() - interval '61 minutes'")
    housekeeping = Housekeeping(system.running["intake"].engine)
    assert await housekeeping.forget_client_requests(utc_now() - ADDRESS_WINDOW) == 1
