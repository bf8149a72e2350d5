"""Safe as many replicas: three processes of every service, started as the dev overlay's
Deployments, over the same databases, each service reached through a round_robin target over
its three addresses (as through a headless Service); every event takes effect once."""

import asyncio

import httpx

from phananh_common.config import SERVICES
from tests.deploy.local import ManifestProcesses
from tests.factories import Complaints
from tests.harness import eventually, free_port, scalar

REPLICAS = 3
COMPLAINTS = 60


async def test_three_replicas_of_every_service_apply_every_event_once(tmp_path, database_urls):
    replica_ports = {s: [free_port() for _ in range(REPLICAS)] for s in SERVICES}
    targets = {
        s: "ipv4:" + ",".join(f"127.0.0.1:{p}" for p in ports) for s, ports in replica_ports.items()
    }
    system = ManifestProcesses(tmp_path, database_urls, targets)
    try:
        for service in SERVICES:
            for replica in range(REPLICAS):
                own = {s: ports[replica] for s, ports in replica_ports.items()}
                system.start(service, own, label=f"{service}-{replica}")
        system.start("gateway", {s: ports[0] for s, ports in replica_ports.items()})
        system.stack.wait_ready(90)

        bodies = Complaints(91).take(COMPLAINTS)
        limit = asyncio.Semaphore(10)  # a steady stream, not one burst
        async with httpx.AsyncClient(base_url=system.base_url, timeout=30) as http:

            async def submit(body):
                async with limit:
                    return (await http.post("/api/v1/complaints", json=body)).status_code

            statuses = await asyncio.gather(*(submit(b) for b in bodies))
        assert statuses == [201] * COMPLAINTS

        url = database_urls
        effects = {
            "intake": "SELECT count(*) FROM complaints WHERE status = 'ASSIGNED'",
            "resolution": "SELECT count(DISTINCT complaint_id) FROM cases",
            "notification": "SELECT count(*) FROM messages",
            "reporting": "SELECT count(*) FROM complaint_facts"
            " WHERE status = 'ASSIGNED' AND submitted_at IS NOT NULL",
        }

        undelivered = "SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NULL"

        async def every_effect_applied():
            """Each complaint's effects everywhere, and every event delivered (notification
            and reporting also hear of each case, after its complaint)."""
            counts = {s: await scalar(url[s], sql) for s, sql in effects.items()}
            pending = [await scalar(url[p], undelivered) for p in ("intake", "resolution")]
            return counts == dict.fromkeys(SERVICES, COMPLAINTS) and pending == [0, 0]

        await eventually(every_effect_applied, timeout=60)
        # Once each: no second case or message, one inbox row per event (notification and
        # reporting hear of each complaint twice: the complaint, then its case), nothing left
        # to deliver.
        assert await scalar(url["resolution"], "SELECT count(*) FROM cases") == COMPLAINTS
        assert await scalar(url["notification"], "SELECT count(*) FROM messages") == COMPLAINTS
        # (Reporting also hears of each SMS sent, from notification, as they go out.)
        of_cases = "SELECT count(*) FROM inbox_events WHERE producer <> 'notification'"
        inbox = {s: await scalar(url[s], of_cases) for s in SERVICES}
        assert inbox == {
            "intake": COMPLAINTS,
            "resolution": COMPLAINTS,
            "notification": 2 * COMPLAINTS,
            "reporting": 2 * COMPLAINTS,
        }
    finally:
        system.stack.stop()
