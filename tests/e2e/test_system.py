"""The whole system as `make run` starts it: separate processes, an embedded PostgreSQL on a
fresh data folder, the gateway in front."""

import asyncio

from phananh_common.config import SERVICES
from tests.factories import Complaints
from tests.harness import eventually, scalar


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
        "reporting": "SELECT count(*) FROM complaint_facts WHERE status = 'ASSIGNED'",
        "intake": "SELECT count(*) FROM complaints WHERE status = 'ASSIGNED'",
    }

    async def every_consumer_has_all():
        counts = {s: await scalar(url[s], sql) for s, sql in effects.items()}
        return counts == dict.fromkeys(effects, 20)

    await eventually(every_consumer_has_all, timeout=30)
    # Exactly once: one inbox row per event (reporting hears of each complaint twice: the
    # complaint, then its case), and no delivery left to make.
    inbox = "SELECT count(*) FROM inbox_events"
    expected = {"resolution": 20, "notification": 20, "reporting": 40, "intake": 20}
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
