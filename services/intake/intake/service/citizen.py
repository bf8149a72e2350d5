"""What a citizen does with a tracking code and the phone it was sent from: reads the status,
adds evidence, supplements the complaint when the team asked. Each runs in one transaction
within the limits of the citizen's client address (intake.rate_limits): a lookup that matches
no complaint is counted against it, and so is what it added."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from intake import domain, evidence
from intake.evidence_files import Prepared, prepare
from intake.rate_limits import ADDITION, FAILED_LOOKUP, AddressLimits, RateLimit
from intake.service.events import supplement_note, supplemented
from intake.service.facilities import Facilities
from intake.store import client_requests, complaints
from intake.store import evidence as stored_evidence
from phananh_common import outbox
from phananh_common.errors import NotFound
from phananh_common.local_time import LOCAL_ZONE, Clock

NOT_FOUND = "no complaint with this tracking code and phone"
# Uploads decoded at once by one process (each holds a photo's pixels: up to 150 MB).
DECODING_AT_ONCE = 2
Found = TypeVar("Found")


def _citizen_key(tracking_code: str, phone: str) -> tuple[str, str] | None:
    """The stored form of a citizen's code and phone; None when either cannot be one."""
    code = domain.parse_tracking_code(tracking_code)
    phone = domain.normalise_phone(phone)
    return (code, phone) if code and phone else None


class CitizenRequests:
    def __init__(
        self, engine: AsyncEngine, limits: AddressLimits, clock: Clock, facilities: Facilities
    ):
        self._engine = engine
        self._limits = limits
        self._clock = clock
        self._facilities = facilities
        self._decoding = asyncio.Semaphore(DECODING_AT_ONCE)

    async def _as_citizen(
        self,
        client_address: str,
        tracking_code: str,
        phone: str,
        work: Callable[[AsyncConnection, str, str], Awaitable[Found | None]],
        *,
        adding: bool = False,
    ) -> Found:
        """What `work(conn, code, phone)` finds for the tracking code and phone, in one
        transaction. Refused while the address's recent lookups that found nothing reach
        their limit (and, `adding` a file or a supplement, while its recent additions reach
        theirs); NotFound when the code and phone match no complaint."""
        key = _citizen_key(tracking_code, phone)
        now = self._clock()
        async with self._engine.begin() as conn:
            await client_requests.serialize_lookups(conn, client_address)
            await self._check(conn, self._limits.failed_lookups, client_address, FAILED_LOOKUP, now)
            if adding:
                await self._check(conn, self._limits.additions, client_address, ADDITION, now)
            found = await work(conn, *key) if key else None
            counted = FAILED_LOOKUP if found is None else ADDITION if adding else None
            if counted:
                await client_requests.record(conn, client_address, counted, now)
        if found is None:
            raise NotFound(NOT_FOUND)
        return found

    @staticmethod
    async def _check(
        conn: AsyncConnection, limit: RateLimit, client_address: str, kind: str, now: datetime
    ) -> None:
        limit.check(
            await client_requests.count_since(conn, client_address, kind, now - limit.window)
        )

    async def status(
        self, client_address: str, tracking_code: str, phone: str
    ) -> domain.StoredComplaint:
        return await self._as_citizen(
            client_address, tracking_code, phone, complaints.by_code_and_phone
        )

    async def add_evidence(
        self, client_address: str, tracking_code: str, phone: str, content: bytes
    ) -> tuple[uuid.UUID, Prepared]:
        """The new file's id and the file as stored (its type recognised by its content, an
        image re-encoded without its metadata, its sharpness); while the complaint is open, up
        to evidence.MAX_PER_COMPLAINT files. Its text is read later (EvidenceChecks)."""
        content_type = evidence.content_type_of(content)
        # Decoding takes a core for a moment: a few at a time, off the event loop.
        async with self._decoding:
            prepared = await asyncio.to_thread(prepare, content, content_type)
        now = self._clock()

        async def add(conn: AsyncConnection, code: str, phone: str) -> uuid.UUID | None:
            found = await complaints.lock(conn, code, phone)
            if found is None:
                return None
            complaint_id, status = found
            evidence.check_may_add(status, await stored_evidence.count_of(conn, complaint_id))
            return await stored_evidence.add(conn, complaint_id, prepared, now)

        evidence_id = await self._as_citizen(client_address, tracking_code, phone, add, adding=True)
        return evidence_id, prepared

    async def supplement(
        self, client_address: str, tracking_code: str, phone: str, supplement: domain.Supplement
    ) -> str:
        """Keeps what the citizen adds, when the team asked for it, and publishes it: the case
        is shown back in review. The complaint's tracking code."""
        now = self._clock()
        reference, _ = await self._facilities.reference(supplement.claimed_doses)
        supplement = domain.accept_supplement(
            supplement, now.astimezone(LOCAL_ZONE).date(), reference
        )
        note = supplement_note(supplement)

        async def add(conn: AsyncConnection, code: str, phone: str) -> str | None:
            found = await complaints.lock(conn, code, phone)
            if found is None:
                return None
            complaint_id, status = found
            domain.check_may_supplement(status)
            await complaints.add_note(conn, complaint_id, "SUPPLEMENTED", note, now)
            # Resolution's next CaseStatusChanged (a higher version) will confirm it.
            await complaints.show_in_review(conn, complaint_id)
            await outbox.publish(
                conn, "intake", [supplemented(complaint_id, code, supplement, now)]
            )
            return code

        return await self._as_citizen(client_address, tracking_code, phone, add, adding=True)
