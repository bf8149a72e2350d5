"""Faults while citizens submit and an officer decides, on one system started as `make run`
starts it, with two differences a fault needs: notification sends through a real Kannel
(which the SMS outage stops), and resolution's database lives on an embedded PostgreSQL of
its own (which the database outage stops, leaving the other services' server up).

Each test runs the load (tests/e2e/load.py) while its fault happens, lets the clients finish
what they started, then checks the invariants every fault must keep (tests/e2e/invariants.py)
over everything the module's loads did so far.

The bounded profile runs in `make test`; `make soak` (PHANANH_SOAK=1) runs each fault longer
and more often. The random moments come from PHANANH_FAULT_SEED (printed on failure), so a
failing run can be repeated."""

import asyncio
import os
import random
import signal
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from notification.config import NotificationSettings
from notification.workers import sms_batch_size
from phananh_common.embedded_postgres import EmbeddedPostgres, provision, service_url
from phananh_common.stack import PROCESSES, Stack
from tests.e2e.conftest import stack_env
from tests.e2e.invariants import assert_caught_up
from tests.e2e.load import DISTRICT, Ledger, Load
from tests.factories import Complaints
from tests.harness import free_port, mint_token
from tests.kannel import Kannel


@dataclass(frozen=True)
class Profile:
    load_seconds: float  # how long the load runs around a process's kills
    kills: int  # SIGKILLs of each process, at random moments of the load
    database_outage: float
    sms_outage: float
    consumer_pause: float  # how long a consumer stays stopped (SIGSTOP … SIGCONT)
    gateway_restarts: int


BOUNDED = Profile(
    load_seconds=6, kills=1, database_outage=10, sms_outage=15, consumer_pause=8,
    gateway_restarts=2,
)  # fmt: skip
SOAK = Profile(
    load_seconds=90, kills=6, database_outage=10, sms_outage=60, consumer_pause=60,
    gateway_restarts=8,
)  # fmt: skip
SOAKING = os.environ.get("PHANANH_SOAK") == "1"
PROFILE = SOAK if SOAKING else BOUNDED
SEED = int(os.environ.get("PHANANH_FAULT_SEED") or random.randrange(1_000_000))

# The SMS one notification process hands the provider before recording them.
SMS_BATCH = sms_batch_size(NotificationSettings.model_fields["sms_rate_per_second"].default)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600 if SOAKING else 300)]


@pytest.fixture(scope="module")
def kannel(tmp_path_factory):
    kannel = Kannel(tmp_path_factory.mktemp("kannel"))
    kannel.start()
    yield kannel
    kannel.stop()


@pytest.fixture(scope="module")
def resolution_postgres(tmp_path_factory):
    """Resolution's own server; the others share the stack's."""
    server = EmbeddedPostgres(tmp_path_factory.mktemp("resolution-postgres"))
    database = role = "phananh_resolution"
    asyncio.run(provision(server.admin_url, {database: (role, "")}))
    yield server, service_url(server.admin_url, role, database)
    server.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, kannel, resolution_postgres):
    _, resolution_url = resolution_postgres
    env = stack_env(
        **kannel.env(),
        PHANANH_NOTIFICATION_CALLBACK_PORT=str(free_port()),
        PHANANH_RESOLUTION_DATABASE_URL=resolution_url,
    )
    stack = Stack(tmp_path_factory.mktemp("data"), env)
    stack.start(timeout=180)  # the machine may be busy with other work
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def token(stack):
    key = Path(stack.env["PHANANH_TOKEN_SIGNING_KEY_FILE"]).read_text()
    # Long enough for the soak.
    return lambda role, unit: {
        "authorization": f"Bearer {mint_token(key, role, unit, lifetime=timedelta(hours=3))}"
    }


@pytest.fixture(scope="module")
def ledger():
    return Ledger()


@pytest.fixture(scope="module")
def complaints():
    # One generator for the module: no person twice, so no submission is deduplicated.
    return Complaints(SEED)


@pytest.fixture
def load(stack, token, ledger, complaints):
    return Load(stack.base_url, token("DISTRICT_OFFICER", DISTRICT), ledger, complaints)


@pytest.fixture
def caught_up(stack, kannel, ledger, token):
    """The invariants, once the system has caught up with what the load did."""
    admin = token("PROVINCE_ADMIN", "75")

    def sms_sink():
        return [(sms.to, sms.text) for sms in kannel.received()]

    async def check(load: Load):
        print(
            f"PHANANH_FAULT_SEED={SEED}; complaints so far: {len(ledger.accepted)};"
            f" answers retried: {dict(load.retried)}"
        )
        await assert_caught_up(stack, ledger, sms_sink, admin)

    return check


@pytest.mark.parametrize("process", PROCESSES)
async def test_a_process_killed_at_random_moments_and_restarted(
    stack, ledger, load, caught_up, process
):
    moments = random.Random(f"{SEED}:{process}")

    async def kills():
        for _ in range(PROFILE.kills):
            await asyncio.sleep(moments.uniform(0.5, PROFILE.load_seconds / PROFILE.kills))
            killed = await asyncio.to_thread(stack.stop_process, process, signal.SIGKILL)
            assert killed == -signal.SIGKILL
            await asyncio.sleep(moments.uniform(0.0, 1.0))
            stack.start_process(process)

    if process == "notification":
        ledger.resends_allowed += PROFILE.kills * SMS_BATCH
    await load.run(kills())
    await caught_up(load)


async def outage(stop, start, seconds: float) -> None:
    """Two seconds of load, then `stop()`, `seconds` of the outage, `start()` (whatever
    happened meanwhile), and two seconds more of load."""
    await asyncio.sleep(2)
    await asyncio.to_thread(stop)
    try:
        await asyncio.sleep(seconds)
    finally:
        await asyncio.to_thread(start)
    await asyncio.sleep(2)


async def test_the_database_of_one_service_down_for_ten_seconds(
    resolution_postgres, load, caught_up
):
    server, _ = resolution_postgres
    await load.run(outage(server.shut_down, server.restart, PROFILE.database_outage))
    await caught_up(load)


async def test_the_sms_provider_down(kannel, load, caught_up):
    await load.run(outage(kannel.stop, kannel.start, PROFILE.sms_outage))
    await caught_up(load)


@pytest.mark.parametrize("consumer", ["reporting", "notification"])
async def test_a_slow_consumer(stack, load, caught_up, consumer):
    """The consumer stops answering (SIGSTOP) with deliveries in flight, then goes on."""
    process = stack.processes[consumer]
    await load.run(
        outage(
            lambda: process.send_signal(signal.SIGSTOP),
            lambda: process.send_signal(signal.SIGCONT),
            PROFILE.consumer_pause,
        )
    )
    await caught_up(load)


async def test_the_gateway_restarted_under_load(stack, load, caught_up):
    moments = random.Random(f"{SEED}:gateway restarts")

    async def restarts():
        for _ in range(PROFILE.gateway_restarts):
            await asyncio.sleep(moments.uniform(1.0, 3.0))
            # SIGTERM: the gateway finishes the requests in flight, then exits.
            stopped = await asyncio.to_thread(stack.stop_process, "gateway")
            assert stopped in (0, -signal.SIGTERM)
            stack.start_process("gateway")
        await asyncio.sleep(2)

    await load.run(restarts())
    await caught_up(load)
