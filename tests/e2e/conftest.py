from pathlib import Path

import httpx
import pytest

from phananh_common.config import PROCESSES, SERVICES, metrics_port_variable
from phananh_common.stack import Stack
from tests.e2e.otlp_receiver import OtlpReceiver
from tests.harness import free_port, mint_token, topology_env

BOOTSTRAP_USERNAME, BOOTSTRAP_PASSWORD = "tinh.quantri", "mat-khau-ban-dau"


def stack_env(**extra: str) -> dict[str, str]:
    """Free ports for every process, quick relays, and no database URLs: each stack starts
    its own embedded PostgreSQL in its data folder, as `make run` does."""
    env = topology_env({s: free_port() for s in SERVICES})
    env |= {
        "PHANANH_HTTP_PORT": str(free_port()),
        "PHANANH_RELAY_POLL_SECONDS": "0.5",
        "PHANANH_DEMO": "0",
        "PHANANH_BOOTSTRAP_ADMIN": f"{BOOTSTRAP_USERNAME}:{BOOTSTRAP_PASSWORD}",
        "PHANANH_OTP_REQUIRED": "0",
        "PHANANH_SMS_QUIET_HOURS": "",  # SMS at any hour of the test run
        # The simulated citizens all send from 127.0.0.1: hundreds of complaints, one address.
        "PHANANH_SUBMISSIONS_PER_ADDRESS": "100000",
        "PHANANH_ADDITIONS_PER_ADDRESS": "100000",
    }
    env |= {f"PHANANH_{s.upper()}_DATABASE_URL": "" for s in SERVICES}
    # No metrics ports unless a test sets them: `make run`'s defaults would be contended for
    # by the stacks that tests start side by side.
    env |= {metrics_port_variable(p): "" for p in PROCESSES}
    return env | extra


@pytest.fixture(scope="module")
def otlp():
    with OtlpReceiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def stack(tmp_path_factory, otlp):
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env(**otlp.env()))
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture
async def http(stack):
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=15) as client:
        yield client


@pytest.fixture
def officer(stack):
    """officer(role, unit) → the headers of that officer's calls, with a token signed by the
    stack's own key (logging in is tested on its own, in test_accounts)."""
    key = Path(stack.env["PHANANH_TOKEN_SIGNING_KEY_FILE"]).read_text()
    return lambda role, unit: {"authorization": f"Bearer {mint_token(key, role, unit)}"}


@pytest.fixture
def province_admin(officer) -> dict[str, str]:
    return officer("PROVINCE_ADMIN", "75")
