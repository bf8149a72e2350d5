"""The manifests tell the truth: the dev overlay's commands, environment and ports, run as
local processes, make a working system."""

import time

import httpx

from phananh_common.config import SERVICES
from tests.deploy.local import ManifestProcesses
from tests.factories import Complaints
from tests.harness import free_port


async def test_the_dev_overlay_serves_a_complaint_end_to_end(tmp_path, database_urls):
    ports = {s: free_port() for s in SERVICES}
    system = ManifestProcesses(
        tmp_path, database_urls, {s: f"127.0.0.1:{p}" for s, p in ports.items()}
    )
    try:
        for service in SERVICES:  # the migration Jobs, on databases already at head
            job = system.run_job(f"{service}-migrate", ports)
            assert job.returncode == 0, job.stderr
            assert f"{service}: migrated" in job.stdout
        for name in (*SERVICES, "gateway"):
            system.start(name, ports)
        system.stack.wait_ready(60)

        async with httpx.AsyncClient(base_url=system.base_url, timeout=15) as http:
            body = Complaints(90).json()
            created = await http.post("/api/v1/complaints", json=body)
            assert created.status_code == 201, created.text
            status_url = f"/api/v1/complaints/{created.json()['tracking_code']}"
            deadline = time.monotonic() + 20
            while True:
                reply = await http.get(status_url, params={"phone": body["citizen"]["phone"]})
                assert reply.status_code == 200
                if reply.json()["status"] == "ASSIGNED" or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert reply.json()["status"] == "ASSIGNED"
    finally:
        system.stack.stop()
