"""A citizen's submission: checked, its one-time code tried, then written in one statement (the
new complaint, its event marked when it may repeat the person's complaint from another phone,
its count against the client address and the answer kept under its idempotency key); from
the phone of the person's open complaint of the category it joins that one as a note; a
repeat of the request gets the first answer again."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import domain, otp, privacy_notice, repeats
from intake.config import IntakeSettings
from intake.rate_limits import RateLimit
from intake.service.events import submission_event
from intake.service.facilities import Facilities
from intake.service.one_time_codes import OneTimeCodes
from intake.store import complaints, one_time_codes, submissions
from intake.store.submissions import Key
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common import outbox
from phananh_common.errors import Aborted, AlreadyExists
from phananh_common.local_time import LOCAL_ZONE, Clock
from phananh_common.statuses import RECEIVED


@dataclass(frozen=True)
class Submission:
    complaint: domain.Complaint
    otp: str
    idempotency_key: str
    # SHA-256 of the complaint as sent: the same key with another complaint is refused.
    fingerprint: bytes
    client_address: str
    # The privacy notice its sender was shown ("": none said).
    privacy_notice_version: str = ""


@dataclass(frozen=True)
class Submitted:
    """The answer: the complaint made, or the person's open one that it joined
    (deduplicated)."""

    tracking_code: str
    status: str
    submitted_at: datetime
    due_at: datetime
    warnings: tuple[domain.Warning, ...]
    deduplicated: bool


# The answer as the API gives it, serialized: kept under the idempotency key and given again,
# as it is, to a repeat of the request (the api's encoding, handed in by server.py).
AnswerBytes = Callable[[Submitted], bytes]


class KeyTaken(Exception):
    """Another request with the same idempotency key committed first."""


def complaint_row(
    accepted: domain.Accepted,
    event: ComplaintSubmitted,
    submitted_at: datetime,
    due_at: datetime,
    privacy_notice_version: str = "",
) -> dict:
    """The complaints row of an accepted complaint and its event."""
    return {
        "complaint_id": uuid.UUID(event.complaint_id),
        "tracking_code": event.tracking_code,
        "category": accepted.complaint.category,
        "person_key": accepted.person_key,
        "phone": accepted.complaint.citizen.phone,
        "complaint": event.complaint.SerializeToString(),
        "warnings": [vars(w) for w in accepted.warnings],
        "submitted_at": submitted_at,
        "due_at": due_at,
        "privacy_notice_version": privacy_notice_version or None,
    }


class Submissions:
    def __init__(
        self,
        engine: AsyncEngine,
        settings: IntakeSettings,
        clock: Clock,
        facilities: Facilities,
        codes: OneTimeCodes,
        limit: RateLimit,
        answer_bytes: AnswerBytes,
    ):
        self._engine = engine
        # Reads without BEGIN and ROLLBACK, two round trips fewer: each is one statement.
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._settings = settings
        self._clock = clock
        self._facilities = facilities
        self._codes = codes
        self._limit = limit
        self._answer_bytes = answer_bytes

    async def submit(self, submission: Submission) -> bytes:
        """The answer (AnswerBytes) to the submission, or to a repeat of it the answer first
        given under its idempotency key."""
        now = self._clock()
        domain.check_idempotency_key(submission.idempotency_key)
        privacy_notice.check_version(submission.privacy_notice_version)
        key = Key(
            submission.idempotency_key, submission.fingerprint, now - self._settings.keys_kept_for
        )
        # A repeat is found when its key is stored (KeyTaken, below); with codes required it
        # must be found first: the code it carries was used by the first request.
        if key.key and self._settings.otp_required and (earlier := await self._earlier(key)):
            return earlier
        reference, named = await self._facilities.reference(submission.complaint.claimed_doses)
        accepted = domain.accept(submission.complaint, now.astimezone(LOCAL_ZONE).date(), reference)
        phone = accepted.complaint.citizen.phone
        code_id = (
            await self._codes.tried(phone, submission.otp, now)
            if self._settings.otp_required
            else None
        )
        event = submission_event(accepted, named, uuid.uuid4(), domain.new_tracking_code(), now)
        row = complaint_row(
            accepted, event, now, self._settings.due_at(now), submission.privacy_notice_version
        )
        try:
            return await self._write(
                row, event, accepted.warnings, key, code_id, submission.client_address
            )
        except KeyTaken:
            # The key's other use committed (its insert waited for it): its answer is kept.
            earlier = await self._earlier(key)
            if earlier is None:
                raise Aborted("this Idempotency-Key was used meanwhile: send again") from None
            return earlier

    async def _write(
        self,
        row: dict,
        event: ComplaintSubmitted,
        warnings: tuple[domain.Warning, ...],
        key: Key,
        code_id: uuid.UUID | None,
        client_address: str,
    ) -> bytes:
        """The new complaint, or the note joining the open one, and the answer; KeyTaken (and
        nothing written) when the key is in use."""
        now = row["submitted_at"]
        answer = self._answer_bytes(
            Submitted(row["tracking_code"], RECEIVED, now, row["due_at"], warnings, False)
        )
        published = outbox.event_values("intake", event)
        published["marked_envelope"] = repeats.marked(published["envelope"], repeats.PLACEHOLDER)
        async with self._engine.begin() as conn:
            # Not serialised per address, unlike the lookups: submissions from one busy
            # address must not wait for each other, and a generous limit may be passed by
            # the few that race at its edge.
            written = await submissions.submit(
                conn,
                row,
                published,
                client_address=client_address,
                since=now - self._limit.window,
                key=key,
                answer=answer,
            )
            self._limit.check(written.used)
            if code_id is not None and not await one_time_codes.consume(conn, code_id):
                raise otp.refused("was used meanwhile: ask for a new one")
            if written.complaint_id is not None:
                if key.key and not written.key_kept:
                    raise KeyTaken
                return answer
            stored = await complaints.open_one_of(
                conn, row["person_key"], row["category"], row["phone"]
            )
            await complaints.add_note(
                conn, stored.complaint_id, "RESUBMITTED", row["complaint"], now
            )
            answer = self._answer_bytes(
                Submitted(
                    stored.tracking_code,
                    stored.status,
                    stored.submitted_at,
                    stored.due_at,
                    stored.warnings,
                    deduplicated=True,
                )
            )
            # Last, so that a concurrent request with the same key waits for this one's end.
            if key.key and not await submissions.keep_answer(conn, key, answer, now):
                raise KeyTaken
            return answer

    async def _earlier(self, key: Key) -> bytes | None:
        """The answer kept under the key, unless none is; refused when it was kept for
        another complaint."""
        async with self._reads.connect() as conn:
            earlier = await submissions.earlier_answer(conn, key)
        if earlier is None:
            return None
        fingerprint, answer = earlier
        if fingerprint != key.fingerprint:
            raise AlreadyExists(
                "this Idempotency-Key was used for another complaint",
                reason="IDEMPOTENCY_KEY_REUSED",
            )
        return answer
