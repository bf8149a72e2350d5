"""The whole system as `make run` starts it: separate processes, an embedded PostgreSQL on a
fresh data folder, the gateway in front."""

import asyncio
import contextlib

import httpx

from phananh_common.config import SERVICES
from tests.factories import Complaints
from tests.harness import eventually, scalar
from tests.vaccination_papers import small_pdf


async def test_ready_only_when_every_service_serves(http):
    reply = await http.get("/readyz")
    assert reply.status_code == 200
    assert reply.json()["services"] == dict.fromkeys(SERVICES, "SERVING")
    assert (await http.get("/healthz")).status_code == 200


async def test_complaints_reach_every_consumer_exactly_once(stack, http):
    bodies = Complaints(10).take(20)
    replies = await asyncio.gather(*(http.post("/api/v1/complaints", json=b) for b in bodies))
    assert [r.status_code for r in replies] == [201] * 20, [r.text for r in replies]
    assert len({r.json()["tracking_code"] for r in replies}) == 20

    url = {s: stack.env[f"PHANANH_{s.upper()}_DATABASE_URL"] for s in SERVICES}
    effects = {
        "resolution": "SELECT count(*) FROM cases",
        "notification": "SELECT count(*) FROM messages",
        "reporting": "SELECT count(*) FROM complaint_facts"
        " WHERE status = 'ASSIGNED' AND submitted_at IS NOT NULL",
        "intake": "SELECT count(*) FROM complaints WHERE status = 'ASSIGNED'",
    }

    async def every_consumer_has_all():
        counts = {s: await scalar(url[s], sql) for s, sql in effects.items()}
        return counts == dict.fromkeys(effects, 20)

    await eventually(every_consumer_has_all, timeout=30)
    # Exactly once: one inbox row per event (reporting and notification hear of each
    # complaint twice: the complaint, then its case), and no delivery left to make. The SMS
    # statuses that notification sends reporting come as the messages leave: not counted.
    inbox = "SELECT count(*) FROM inbox_events WHERE producer IN ('intake', 'resolution')"
    expected = {"resolution": 20, "notification": 40, "reporting": 40, "intake": 20}
    assert {s: await scalar(url[s], inbox) for s in SERVICES} == expected
    for producer in ("intake", "resolution"):
        pending = "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL"
        assert await scalar(url[producer], pending) == 0

    # The citizen sees that resolution took the complaint.
    reply = await http.get(
        f"/api/v1/complaints/{replies[0].json()['tracking_code']}",
        params={"phone": bodies[0]["citizen"]["phone"]},
    )
    assert reply.status_code == 200
    assert reply.json()["status"] == "ASSIGNED"


async def test_bad_input_is_a_400_naming_each_field_and_stores_nothing(stack, http):
    body = Complaints(11).json()
    body["citizen"] |= {"phone": "12345", "national_id": "12AB"}
    body["claimed_doses"][1]["vaccine_code"] = "XYZ"
    before = await scalar(_url(stack, "intake"), "SELECT count(*) FROM complaints")

    reply = await http.post("/api/v1/complaints", json=body)

    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "INVALID_ARGUMENT"
    assert {v["field"] for v in error["field_violations"]} == {
        "citizen.phone",
        "citizen.national_id",
        "claimed_doses[1].vaccine_code",
    }
    assert await scalar(_url(stack, "intake"), "SELECT count(*) FROM complaints") == before


async def test_malformed_json_and_wrong_types_are_400_not_500(http):
    reply = await http.post(
        "/api/v1/complaints", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert reply.status_code == 400
    body = Complaints(12).json()
    body["citizen"]["date_of_birth"] = 19850412
    body["category"] = "LOST_CAT"
    reply = await http.post("/api/v1/complaints", json=body)
    assert reply.status_code == 400
    fields = {v["field"] for v in reply.json()["error"]["field_violations"]}
    assert fields == {"citizen.date_of_birth", "category"}


async def test_the_same_person_again_gets_the_open_complaint_back(http):
    body = Complaints(13).json()
    first = await http.post("/api/v1/complaints", json=body)
    again = await http.post("/api/v1/complaints", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["deduplicated"] is True
    assert again.json()["tracking_code"] == first.json()["tracking_code"]


async def test_status_lookup_hides_whether_a_code_exists(http):
    body = Complaints(14).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]
    wrong_phone = await http.get(f"/api/v1/complaints/{code}", params={"phone": "0912000000"})
    unknown = await http.get("/api/v1/complaints/ZZZZZ-ZZZZZ", params={"phone": "0912000000"})
    nonsense = await http.get("/api/v1/complaints/%27%3B--", params={"phone": "x"})
    assert wrong_phone.status_code == unknown.status_code == nonsense.status_code == 404
    assert wrong_phone.json() == unknown.json() == nonsense.json()


async def test_the_limits_count_the_address_that_a_trusted_proxy_forwards(http):
    """The test's client stands for a proxy on the gateway's machine (127.0.0.1, trusted
    by default): each citizen behind it is counted on their own."""

    def lookup(client: str):
        return http.get(
            "/api/v1/complaints/ZZZZZ-ZZZZZ",
            params={"phone": "0912000000"},
            headers={"x-forwarded-for": client},
        )

    misses = [(await lookup("203.0.113.5")).status_code for _ in range(30)]
    assert misses == [404] * 30
    refused = await lookup("203.0.113.5")
    assert refused.status_code == 429
    assert refused.json()["error"]["reason"] == "TOO_MANY_FAILED_LOOKUPS"
    assert refused.headers["retry-after"] == "3600"
    assert (await lookup("203.0.113.6")).status_code == 404


async def test_no_personal_data_in_any_process_log(stack, http):
    bodies = Complaints(15).take(5)
    for body in bodies:
        reply = await http.post("/api/v1/complaints", json=body)
        await http.get(
            f"/api/v1/complaints/{reply.json()['tracking_code']}",
            params={"phone": body["citizen"]["phone"]},
        )
    logs = "".join(stack.log_of(p).read_text() for p in stack.processes)
    assert "POST /api/v1/complaints" in logs  # the access log is there, and was searched
    for body in bodies:
        citizen = body["citizen"]
        for value in (citizen["full_name"], citizen["national_id"], citizen["phone"][1:]):
            assert value not in logs


def _url(stack, service):
    return stack.env[f"PHANANH_{service.upper()}_DATABASE_URL"]


async def test_a_submission_retried_after_a_client_timeout_makes_one_complaint(stack, http):
    body = Complaints(16).json()
    key = {"Idempotency-Key": "e2e-timeout-retry-0001"}
    # The citizen's browser gives up at once; the gateway and intake may still finish.
    with contextlib.suppress(httpx.TimeoutException):
        await http.post("/api/v1/complaints", json=body, headers=key, timeout=0.001)
    retried = await http.post("/api/v1/complaints", json=body, headers=key)
    again = await http.post("/api/v1/complaints", json=body, headers=key)
    assert (retried.status_code, again.status_code) == (201, 201)
    assert retried.json() == again.json()
    count = "SELECT count(*) FROM complaints WHERE tracking_code = :c"
    code = retried.json()["tracking_code"].replace("-", "")
    assert await scalar(_url(stack, "intake"), count, c=code) == 1


async def test_reference_data_and_evidence_through_the_processes(http):
    assert len((await http.get("/api/v1/units", params={"parent": "75"})).json()["units"]) == 11
    assert len((await http.get("/api/v1/rejection-reasons")).json()["reasons"]) == 15
    body = Complaints(17).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]
    reply = await http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": body["citizen"]["phone"]},
        files={"file": ("giay.pdf", small_pdf(), "application/pdf")},
    )
    assert reply.status_code == 201
    assert reply.json()["content_type"] == "application/pdf"
    otp = await http.post("/api/v1/otp", json={"phone": body["citizen"]["phone"]})
    assert otp.status_code == 202
