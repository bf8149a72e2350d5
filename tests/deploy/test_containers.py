"""The images run the dev overlay: built by `make images`, played with podman as the manifests
say (restricted: non-root, read-only root, no capabilities, memory limits), ready as the
kubelet would find them; a complaint is routed, an officer's approval texts the citizen, and
three replicas of notification apply every event once."""

import asyncio
import json

import httpx
import pytest

from tests.deploy.containers import PODMAN, PlayedSystem, build_images
from tests.deploy.local import PRIVATE_KEY
from tests.deploy.manifests import render
from tests.e2e.test_case_decisions import (
    CITIZEN,
    approve_second_dose,
    case_in_queue,
    citizen_sees,
    submit,
)
from tests.factories import Complaints
from tests.harness import eventually, mint_token, scalar
from tests.integration.registry import dose, extract, import_extract

pytestmark = [
    pytest.mark.skipif(not PODMAN, reason="podman: make debian-packages"),
    # Building the images and starting 15 pods: minutes on a busy 2-core machine.
    pytest.mark.timeout(1200),
]
NOTIFICATION_REPLICAS = 3
UNITS = {"Mi": 2**20, "Gi": 2**30}
WAIT = 60  # seconds: each step crosses two or three containers and their relays


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    build_images()
    played = PlayedSystem(tmp_path_factory.mktemp("pods"), {"notification": NOTIFICATION_REPLICAS})
    try:
        played.up()
        played.wait_until_ready(300)
        yield played
    finally:
        played.down()


@pytest.fixture
async def http(system):
    base_url = f"http://{system.address('gateway', 'http')}"
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        yield client


def officer(role: str, unit: str) -> dict[str, str]:
    return {"authorization": f"Bearer {mint_token(PRIVATE_KEY, role, unit)}"}


def sms_lines(system: PlayedSystem) -> list[dict]:
    """Every SMS that the notification replicas wrote (the dev overlay's file provider)."""
    lines = []
    for pod in system.plan.workloads["notification"]:
        found = system.exec(pod, "cat", "/tmp/sms.jsonl")
        lines += [json.loads(line) for line in found.stdout.splitlines()]
    return lines


def test_every_container_runs_restricted_as_its_manifest_says(system):
    resources = {
        o["metadata"]["name"]: o["spec"]["template"]["spec"]["containers"][0]["resources"]
        for o in render("dev")
        if o["kind"] in ("Deployment", "StatefulSet", "Job")
    }
    for workload, pods in system.plan.workloads.items():
        memory = resources[workload]["limits"]["memory"]
        for pod in pods:
            inspected = system.inspect(pod)
            assert inspected["Config"]["User"].split(":")[0] not in ("", "0", "root")
            host = inspected["HostConfig"]
            assert host["ReadonlyRootfs"] is True
            assert not host["CapAdd"] and not inspected["EffectiveCaps"]
            assert host["Memory"] == int(memory[:-2]) * UNITS[memory[-2:]]


async def test_a_complaint_is_routed_and_an_approval_texts_the_citizen(system, http):
    admin, district = officer("PROVINCE_ADMIN", "75"), officer("DISTRICT_OFFICER", "731")
    ids = await import_extract(http, admin, extract(("R1", {}, [dose(1, "2021-08-01")])))
    code = await submit(http, Complaints(61).json(citizen=CITIZEN))
    case = await case_in_queue(http, district, code, "ASSIGNED")
    await citizen_sees(http, code, CITIZEN["phone"], "ASSIGNED")

    opened = (await http.get(f"/api/v1/cases/{case['case_id']}", headers=district)).json()
    approved = await approve_second_dose(http, district, opened, ids["R1"])
    assert approved.status_code == 200, approved.text
    await citizen_sees(http, code, CITIZEN["phone"], "RESOLVED")

    def resolution_texts() -> list[str]:
        texts = [line["text"] for line in sms_lines(system) if code in line["text"]]
        return [text for text in texts if "da duoc xu ly" in text]

    async def texted() -> bool:
        return resolution_texts() != []

    await eventually(texted, timeout=WAIT)
    (text,) = resolution_texts()  # one SMS, from one replica
    assert CITIZEN["full_name"] not in text


async def test_three_notification_replicas_apply_every_event_once(system, http):
    database = system.database_url("notification")
    messages, inbox = "SELECT count(*) FROM messages", "SELECT count(*) FROM inbox_events"
    before = {"messages": await scalar(database, messages), "inbox": await scalar(database, inbox)}
    complaints = Complaints(62).take(20)
    limit = asyncio.Semaphore(5)

    async def file(body):
        async with limit:
            return await submit(http, body)

    codes = await asyncio.gather(*(file(b) for b in complaints))

    async def grown() -> dict[str, int]:
        now = {"messages": await scalar(database, messages), "inbox": await scalar(database, inbox)}
        return {k: now[k] - before[k] for k in now}

    # One message per complaint; notification hears of each twice (its complaint, its case).
    once = {"messages": len(codes), "inbox": 2 * len(codes)}

    async def applied() -> bool:
        return await grown() == once

    await eventually(applied, timeout=WAIT)
    texted = [
        line["message_id"] for line in sms_lines(system) if any(c in line["text"] for c in codes)
    ]
    assert len(texted) == len(set(texted)) == len(codes)
    assert await grown() == once  # and nothing more since
