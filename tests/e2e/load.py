"""A small load on the whole system through the gateway, as its users make it while a fault
happens: citizens submitting complaints and a district's officer deciding the cases. Both
retry what a fault interrupts the way a careful client does: a submission again with its
Idempotency-Key, a decision again with the case's `expected_version` (so a decision that was
made before the answer was lost is found, not made twice)."""

import asyncio
import itertools
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

from tests.factories import Complaints

# What a fault may answer for a while: a service or its database down (503), a call that
# outlived its deadline (504). Never 500: that is a fault the system did not handle.
TRANSIENT = {502, 503, 504}
DISTRICT = "731"  # where the factory's complaints are routed (no commune team exists)
APPROVAL = {
    "corrections": [
        {"op": "CREATE_RECORD"},
        {"op": "ADD_DOSE", "dose_number": 1, "vaccinated_on": "2021-08-01", "vaccine_code": "AZ"},
        {"op": "ADD_DOSE", "dose_number": 2, "vaccinated_on": "2021-09-15", "vaccine_code": "AZ"},
    ],
    "note": "Đối chiếu đúng",
}
REJECTION = {"reason_code": "PHOTO_UNREADABLE"}


@dataclass
class Ledger:
    """What the users were told, across every load on one system: the complaints accepted
    (tracking code → the citizen's phone) and the decisions made (tracking code → status)."""

    accepted: dict[str, str] = field(default_factory=dict)  # by the stored code (no hyphen)
    decided: dict[str, str] = field(default_factory=dict)
    # SMS that may have reached the citizen twice: notification was killed between handing
    # them to the provider and recording it (at most one batch a kill; see the README).
    resends_allowed: int = 0


def stored(code: str) -> str:
    """Tracking codes are shown with a hyphen (or not, by resolution) and stored without."""
    return code.replace("-", "")


class Load:
    """`citizens` submit one complaint after another (each every `pause` seconds), while one
    officer decides every case it finds assigned: two in three approved, one rejected."""

    def __init__(
        self,
        base_url: str,
        officer_headers: dict[str, str],
        ledger: Ledger,
        complaints: Complaints,
        *,
        citizens: int = 3,
        pause: float = 0.3,
    ):
        self._base_url = base_url
        self._officer = officer_headers
        self.ledger = ledger
        self._complaints = complaints
        self._citizens = citizens
        self._pause = pause
        self._decisions = itertools.count()
        # Answers that made a client retry, by status (0: no answer at all).
        self.retried = Counter()

    async def run(self, fault) -> None:
        """Keeps the load up while `fault` (a coroutine) happens, then until every complaint
        submitted meanwhile is accepted and decided."""
        stopping = asyncio.Event()
        async with httpx.AsyncClient(base_url=self._base_url, timeout=15) as http:
            submitting = [
                asyncio.create_task(self._citizen(http, stopping)) for _ in range(self._citizens)
            ]
            deciding = asyncio.create_task(self._officer_work(http))
            try:
                await fault
            except BaseException:
                for task in (*submitting, deciding):
                    task.cancel()
                raise
            # Each citizen hears the answer to its last submission: none is left unknown.
            stopping.set()
            await asyncio.gather(*submitting)
            await self._decide_the_rest(deciding)

    async def _decide_the_rest(self, deciding: asyncio.Task, timeout: float = 120.0) -> None:
        async def all_decided():
            while set(self.ledger.accepted) - set(self.ledger.decided):
                await asyncio.sleep(0.2)
                if deciding.done():
                    deciding.result()  # its failure, if it failed

        try:
            await asyncio.wait_for(all_decided(), timeout)
        except TimeoutError:
            undecided = sorted(set(self.ledger.accepted) - set(self.ledger.decided))
            raise AssertionError(f"never found assigned: {undecided}") from None
        finally:
            deciding.cancel()
            await asyncio.gather(deciding, return_exceptions=True)

    async def _citizen(self, http: httpx.AsyncClient, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            await self.submit(http, self._complaints.json())
            await asyncio.sleep(self._pause)

    async def submit(self, http: httpx.AsyncClient, body: dict) -> str:
        key = {"Idempotency-Key": str(uuid.uuid4())}
        reply = await self._until_answered(
            lambda: http.post("/api/v1/complaints", json=body, headers=key)
        )
        assert reply.status_code == 201, reply.text
        code = stored(reply.json()["tracking_code"])
        self.ledger.accepted[code] = body["citizen"]["phone"]
        return code

    async def _officer_work(self, http: httpx.AsyncClient) -> None:
        while True:
            listed = await self._until_answered(
                lambda: http.get(
                    "/api/v1/cases",
                    params={"status": "ASSIGNED", "unit_code": DISTRICT, "page_size": 100},
                    headers=self._officer,
                )
            )
            assert listed.status_code == 200, listed.text
            cases = listed.json()["cases"]
            for case in cases:
                await self._decide(http, case)
            if not cases:
                await asyncio.sleep(0.3)

    async def _decide(self, http: httpx.AsyncClient, case: dict) -> None:
        approve = next(self._decisions) % 3 != 2
        action, body = ("approve", APPROVAL) if approve else ("reject", REJECTION)
        url = f"/api/v1/cases/{case['case_id']}"
        body = body | {"expected_version": case["version"]}
        reply = await self._until_answered(
            lambda: http.post(f"{url}/{action}", json=body, headers=self._officer)
        )
        if reply.status_code == 409:
            # Decided already: by this decision, whose answer a fault lost.
            reply = await self._until_answered(lambda: http.get(url, headers=self._officer))
        assert reply.status_code == 200, reply.text
        status = reply.json()["status"]
        assert status == ("RESOLVED" if approve else "REJECTED"), reply.text
        self.ledger.decided[stored(case["tracking_code"])] = status

    async def _until_answered(self, call, timeout: float = 120.0) -> httpx.Response:
        """The call's first answer that is not a fault's, retried with a short backoff."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        delay = 0.2
        while True:
            try:
                reply = await call()
                if reply.status_code not in TRANSIENT:
                    return reply
                self.retried[reply.status_code] += 1
            except httpx.TransportError:
                self.retried[0] += 1
            assert loop.time() < deadline, "no answer but a fault's"
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
