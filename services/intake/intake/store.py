"""Intake's tables and queries: complaints as submitted, what joins them later (notes,
evidence), the citizen-facing status that intake projects from resolution's CaseStatusChanged
events, idempotent submissions, one-time codes and the vaccination facilities."""

import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from google.protobuf.message import Message
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    bindparam,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from intake import otp, repeats
from intake.facilities import Facility
from intake.otp import TriedCode
from intake.rate_limits import ADDITION, FAILED_LOOKUP, SUBMISSION, AddressLimits, RateLimit
from phananh.events.v1.intake_events_pb2 import OneTimeCodeRequested
from phananh_common import outbox

metadata = MetaData()
Found = TypeVar("Found")

FINAL_STATUSES = ("RESOLVED", "REJECTED", "DUPLICATE")
# The predicate of the partial unique index, written once: ON CONFLICT must repeat it verbatim.
OPEN = text("status NOT IN ('RESOLVED', 'REJECTED', 'DUPLICATE')")

complaints = Table(
    "complaints",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    Column("tracking_code", Text, nullable=False, unique=True),
    Column("category", Text, nullable=False),
    Column("person_key", Text, nullable=False),
    Column("phone", Text, nullable=False),
    # The accepted complaint as protobuf (phananh.types.v1.Complaint), exactly as published.
    Column("complaint", LargeBinary, nullable=False),
    Column("warnings", JSONB, nullable=False, server_default="[]"),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    # Projection of the case, from resolution's events; case_version orders them.
    Column("status", Text, nullable=False, server_default="RECEIVED"),
    Column("case_version", BigInteger, nullable=False, server_default="0"),
    Column("unit_code", Text),
    # The latest decision as the citizen reads it ({"kind", "reason_code", "message",
    # "decided_at"}), and the certificate level a correction gave.
    Column("outcome", JSONB),
    Column("certificate_level", Text),
    # The portal's id of a complaint imported from the backlog: importing twice adds nothing.
    Column("source_id", Text),
    UniqueConstraint("source_id", name="complaints_source_id_key"),
    # One open complaint per person, category and phone: the database enforces the
    # deduplication, so two submissions racing each other still make one complaint. A repeat
    # from another phone is a complaint of its own (its sender may not be the person), and
    # the index finds the person's other open complaints for the mark of a possible repeat.
    Index(
        "complaints_one_open_per_person_category_and_phone",
        "person_key",
        "category",
        "phone",
        unique=True,
        postgresql_where=OPEN,
    ),
)

# What joined a complaint after it was made: a resubmission from its phone (deduplicated)
# or a supplement the team asked for. `complaint` is a phananh.types.v1.Complaint: the whole
# resubmission, or only the supplement's description and claimed doses.
complaint_notes = Table(
    "complaint_notes",
    metadata,
    Column("note_id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.complaint_id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("complaint", LargeBinary, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    # A backlog row that joined an earlier complaint: importing it again adds nothing.
    Column("source_id", Text),
    UniqueConstraint("source_id", name="complaint_notes_source_id_key"),
    Index("complaint_notes_by_complaint", "complaint_id"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("evidence_id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.complaint_id"), nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Index("evidence_by_complaint", "complaint_id"),
)

# A submission's Idempotency-Key: the first answer is kept and given again to a repeat.
submissions = Table(
    "submissions",
    metadata,
    Column("idempotency_key", Text, primary_key=True),
    # SHA-256 of the complaint as sent: the same key with another complaint is refused.
    Column("fingerprint", LargeBinary, nullable=False),
    # The SubmitComplaintResponse given to the first request.
    Column("response", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # The purge of expired keys.
    Index("submissions_created_at", "created_at"),
)

one_time_codes = Table(
    "one_time_codes",
    metadata,
    Column("code_id", Uuid, primary_key=True),
    Column("phone", Text, nullable=False),
    Column("client_address", Text, nullable=False),
    Column("salt", LargeBinary, nullable=False),
    Column("digest", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("consumed", Boolean, nullable=False, server_default="false"),
    Index("one_time_codes_by_phone", "phone", "created_at"),
    Index("one_time_codes_by_client_address", "client_address", "created_at"),
)

# What citizens from one client address did lately, counted against its limits
# (intake/rate_limits.py); the housekeeping deletes rows older than the window.
client_requests = Table(
    "client_requests",
    metadata,
    Column("request_id", BigInteger, Identity(), primary_key=True),
    Column("client_address", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("client_requests_by_address", "client_address", "kind", "created_at"),
    Index("client_requests_by_age", "created_at"),
)

facilities = Table(
    "facilities",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("commune_code", Text, nullable=False, server_default=""),
    Index("facilities_by_district", "district_code"),
)


# The submission's statements are written as text because SQLAlchemy 2.0 compiles
# PostgreSQL's insert() (its ON CONFLICT) again at every execution: over a millisecond each,
# measured on the development machine. NEW_COMPLAINT_COLUMNS: the keys of the row given.
NEW_COMPLAINT_COLUMNS = (
    "complaint_id",
    "tracking_code",
    "category",
    "person_key",
    "phone",
    "complaint",
    "warnings",
    "submitted_at",
    "due_at",
)
# The answer kept under an idempotency key, unless the key is in use and not yet expired.
_KEY_KEPT = (
    " ON CONFLICT (idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
    " response = excluded.response, created_at = excluded.created_at"
    " WHERE submissions.created_at <= :expired_before RETURNING idempotency_key"
)
# The envelope a new complaint publishes: the one given, or, when the person has an open
# complaint of the category from another phone (the earliest), the one given marked with a
# placeholder whose last bytes take that complaint's code (intake.repeats). Found by the
# submission's own statement: every submission makes the same round trips, whatever another
# phone sent.
_POSSIBLE_REPEAT = (
    "possible_repeat AS (SELECT tracking_code FROM complaints WHERE person_key = :person_key"
    f" AND category = :category AND phone <> :phone AND {OPEN.text}"
    " ORDER BY submitted_at LIMIT 1)"
)
_PUBLISHED_ENVELOPE = (
    "coalesce((SELECT substring(CAST(:marked_envelope AS bytea)"
    f" FOR octet_length(CAST(:marked_envelope AS bytea)) - {len(repeats.PLACEHOLDER)})"
    " || convert_to(tracking_code, 'UTF8') FROM possible_repeat), :envelope)"
)
# A submission in one round trip: counted against its client address, with how many the
# address made since :since before it (the count does not see the row the same statement
# adds); the new complaint, unless the person has an open one of the category from the same
# phone; and for a new complaint its event and the answer kept under the key. Selects the
# count, the new complaint's id (None when not added) and whether the key was kept. A refusal
# by the limit rolls the transaction back, every row with it.
_SUBMISSION = text(
    "WITH recorded AS (INSERT INTO client_requests (client_address, kind, created_at)"
    " VALUES (:client_address, :kind, :submitted_at)),"
    f" {_POSSIBLE_REPEAT},"
    f" added AS (INSERT INTO complaints ({', '.join(NEW_COMPLAINT_COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in NEW_COMPLAINT_COLUMNS)})"
    f" ON CONFLICT (person_key, category, phone) WHERE {OPEN.text}"
    " DO NOTHING RETURNING complaint_id),"
    f" {outbox.published_for('added', _PUBLISHED_ENVELOPE)},"
    " keyed AS (INSERT INTO submissions (idempotency_key, fingerprint, response, created_at)"
    " SELECT :idempotency_key, :fingerprint, :response, :submitted_at FROM added"
    f" WHERE :idempotency_key <> ''{_KEY_KEPT})"
    " SELECT (SELECT count(*) FROM client_requests WHERE client_address = :client_address"
    " AND kind = :kind AND created_at > :since), (SELECT complaint_id FROM added),"
    f" EXISTS (SELECT FROM keyed), (SELECT {outbox.NOTIFY_WHEN_PUBLISHED} FROM added)"
).bindparams(bindparam("warnings", type_=JSONB))
# The answer to a submission that joined an open complaint.
_FIRST_SUBMISSION = text(
    "INSERT INTO submissions (idempotency_key, fingerprint, response, created_at)"
    " VALUES (:idempotency_key, :fingerprint, :response, :created_at)" + _KEY_KEPT
)
_CONSUME_CODE = text(
    "UPDATE one_time_codes SET consumed = true WHERE code_id = :code_id AND NOT consumed"
    " RETURNING code_id"
)
# A try at the phone's newest code, counted in the same statement that checks the count, so
# that guesses sent at once cannot all be read under the limit before any is counted.
_TRY_NEWEST_CODE = text(
    "WITH newest AS (SELECT code_id, salt, digest, expires_at, consumed FROM one_time_codes"
    " WHERE phone = :phone ORDER BY created_at DESC LIMIT 1),"
    " counted AS (UPDATE one_time_codes SET attempts = attempts + 1"
    " WHERE code_id = (SELECT code_id FROM newest) AND attempts < :max_attempts"
    " RETURNING code_id)"
    " SELECT newest.*, EXISTS (SELECT FROM counted) FROM newest"
)
_FACILITIES_NAMED = text(
    "SELECT code, name, district_code, commune_code FROM facilities WHERE code = ANY(:codes)"
).bindparams(bindparam("codes", type_=ARRAY(Text)))
# The newest case state only: an older change arriving late changes nothing. The
# certificate level stays once a correction set it.
_APPLY_CASE_STATUS = text(
    "UPDATE complaints SET status = :status, unit_code = :unit_code, due_at = :due_at,"
    " case_version = :version, outcome = :outcome,"
    " certificate_level = coalesce(:certificate_level, certificate_level)"
    " WHERE complaint_id = :complaint_id AND case_version < :version"
).bindparams(bindparam("outcome", type_=JSONB))


@dataclass(frozen=True)
class StoredComplaint:
    complaint_id: uuid.UUID
    tracking_code: str
    category: str
    phone: str
    status: str
    submitted_at: datetime
    due_at: datetime
    warnings: list[dict]
    outcome: dict | None
    certificate_level: str | None


@dataclass(frozen=True)
class EvidenceInfo:
    evidence_id: uuid.UUID
    content_type: str
    size_bytes: int
    added_at: datetime


@dataclass(frozen=True)
class StoredEvidence:
    evidence_id: uuid.UUID
    complaint_id: uuid.UUID
    tracking_code: str
    content_type: str
    content: bytes
    added_at: datetime


class KeyTaken(Exception):
    """Another request with the same idempotency key committed first."""


class IntakeStore:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        # Reads without BEGIN and ROLLBACK, two round trips fewer: each is one statement.
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")

    # Submissions

    async def earlier_submission(
        self, key: str, expired_before: datetime
    ) -> tuple[bytes, bytes] | None:
        """(fingerprint, response) of the submission that used `key`, unless none did or
        its key has expired (stored before `expired_before`)."""
        async with self._reads.connect() as conn:
            row = (
                await conn.execute(
                    select(submissions.c.fingerprint, submissions.c.response).where(
                        submissions.c.idempotency_key == key,
                        submissions.c.created_at > expired_before,
                    )
                )
            ).first()
            return tuple(row) if row else None

    async def forget_undelivered_codes(self, expired_before: datetime) -> int:
        """Deletes the outbox's one-time codes still waiting for notification that were made
        before `expired_before`: past their validity they are of no use to anyone (the
        relay deletes the delivered ones). How many there were."""
        events, deliveries = outbox.outbox_events, outbox.outbox_deliveries
        # Found through the few undelivered rows (their partial index), not the whole outbox.
        waiting = select(deliveries.c.event_id).where(deliveries.c.delivered_at.is_(None))
        async with self.engine.begin() as conn:
            return await outbox.delete_events(
                conn,
                events.c.event_id.in_(waiting)
                & (events.c.type == OneTimeCodeRequested.DESCRIPTOR.full_name)
                & (events.c.created_at <= expired_before),
            )

    async def forget_submissions(self, expired_before: datetime) -> int:
        """Deletes the keys stored before `expired_before`; how many there were."""
        async with self.engine.begin() as conn:
            deleted = await conn.execute(
                submissions.delete().where(submissions.c.created_at <= expired_before)
            )
            return deleted.rowcount

    async def submit(
        self,
        row: dict,
        event: Message,
        *,
        respond: Callable[[StoredComplaint, bool], Message],
        idempotency_key: str = "",
        fingerprint: bytes = b"",
        keys_expired_before: datetime,
        otp_code_id: uuid.UUID | None = None,
        client_address: str,
        limit: RateLimit,
    ) -> Message:
        """Stores a new complaint and its event in one transaction; when the same person has
        an open complaint of the same category from the same phone, the submission joins that
        one as a note. The answer (made by `respond`) is kept under the idempotency key (an
        expired use of the key, stored before `keys_expired_before`, is replaced). Refused (by
        `limit`) when `client_address` sent too many lately; counted against it otherwise.
        Raises KeyTaken (and keeps nothing) when the key is in use, and LookupError when the
        one-time code was used meanwhile."""
        columns = [c for c in StoredComplaint.__dataclass_fields__ if c in row]
        added = StoredComplaint(
            **{c: row[c] for c in columns}, status="RECEIVED", outcome=None, certificate_level=None
        )
        response = respond(added, False)
        published = outbox.event_values("intake", event)
        published["marked_envelope"] = repeats.marked(published["envelope"], repeats.PLACEHOLDER)
        async with self.engine.begin() as conn:
            # Not serialised per address, unlike the lookups: submissions from one busy
            # address must not wait for each other, and a generous limit may be passed by
            # the few that race at its edge.
            used, inserted, key_kept, _ = (
                await conn.execute(
                    _SUBMISSION,
                    {
                        **row,
                        **published,
                        "client_address": client_address,
                        "kind": SUBMISSION,
                        "since": row["submitted_at"] - limit.window,
                        "idempotency_key": idempotency_key,
                        "fingerprint": fingerprint,
                        "response": response.SerializeToString(),
                        "expired_before": keys_expired_before,
                    },
                )
            ).one()
            limit.check(used)
            if otp_code_id is not None and not await self._consume_code(conn, otp_code_id):
                raise LookupError("one-time code used meanwhile")
            if inserted is not None:
                if idempotency_key and not key_kept:
                    raise KeyTaken
                return response
            stored = await _get(
                conn,
                (complaints.c.person_key == row["person_key"])
                & (complaints.c.category == row["category"])
                & (complaints.c.phone == row["phone"])
                & complaints.c.status.not_in(FINAL_STATUSES),
            )
            await _add_note(
                conn, stored.complaint_id, "RESUBMITTED", row["complaint"], row["submitted_at"]
            )
            response = respond(stored, True)
            # Last, so that a concurrent request with the same key waits for this one's end.
            if idempotency_key and not await conn.scalar(
                _FIRST_SUBMISSION,
                {
                    "idempotency_key": idempotency_key,
                    "fingerprint": fingerprint,
                    "response": response.SerializeToString(),
                    "created_at": row["submitted_at"],
                    "expired_before": keys_expired_before,
                },
            ):
                raise KeyTaken
            return response

    async def by_citizen(
        self,
        client_address: str,
        now: datetime,
        limits: AddressLimits,
        work: Callable[[AsyncConnection], Awaitable[Found | None]],
        *,
        adding: bool = False,
    ) -> Found | None:
        """Runs `work` (a lookup by tracking code and phone, and what follows from it) in one
        transaction for a citizen at `client_address`. Refused while the address's recent
        lookups that found nothing reach their limit (and, `adding` a file or a supplement,
        while its recent additions reach theirs); a lookup that finds nothing (`work` gives
        None) is counted against the address, and so is what it added."""
        async with self.engine.begin() as conn:
            # One lookup per address at a time, so that racing guesses all count.
            await conn.execute(
                select(func.pg_advisory_xact_lock(func.hashtext(f"lookup {client_address}")))
            )
            await _check(conn, limits.failed_lookups, _from(client_address, FAILED_LOOKUP), now)
            if adding:
                await _check(conn, limits.additions, _from(client_address, ADDITION), now)
            found = await work(conn)
            counted = FAILED_LOOKUP if found is None else ADDITION if adding else None
            if counted:
                await _record(conn, client_address, counted, now)
            return found

    async def forget_client_requests(self, before: datetime) -> int:
        """Deletes the counted requests made before `before`; how many there were."""
        async with self.engine.begin() as conn:
            deleted = await conn.execute(
                client_requests.delete().where(client_requests.c.created_at < before)
            )
            return deleted.rowcount

    # Evidence and supplements join a complaint found by tracking code and phone; each runs
    # inside by_citizen's transaction.

    @staticmethod
    async def status(conn: AsyncConnection, code: str, phone: str) -> StoredComplaint | None:
        c = complaints.c
        return await _get(conn, (c.tracking_code == code) & (c.phone == phone))

    @staticmethod
    async def add_evidence(
        conn: AsyncConnection,
        code: str,
        phone: str,
        check: Callable[[str, int], None],
        content_type: str,
        content: bytes,
        now: datetime,
    ) -> uuid.UUID | None:
        """Adds the file when `check(status, files already there)` allows; None when no
        complaint has this code and phone."""
        found = await _lock_complaint(conn, code, phone)
        if found is None:
            return None
        complaint_id, status = found
        already = await conn.scalar(
            select(func.count()).where(evidence.c.complaint_id == complaint_id)
        )
        check(status, already)
        evidence_id = uuid.uuid4()
        await conn.execute(
            evidence.insert().values(
                evidence_id=evidence_id,
                complaint_id=complaint_id,
                content_type=content_type,
                size_bytes=len(content),
                content=content,
                added_at=now,
            )
        )
        return evidence_id

    async def evidence(self, evidence_id: uuid.UUID) -> StoredEvidence | None:
        async with self._reads.connect() as conn:
            row = (
                await conn.execute(
                    select(
                        evidence.c.evidence_id,
                        evidence.c.complaint_id,
                        complaints.c.tracking_code,
                        evidence.c.content_type,
                        evidence.c.content,
                        evidence.c.added_at,
                    )
                    .join(complaints, complaints.c.complaint_id == evidence.c.complaint_id)
                    .where(evidence.c.evidence_id == evidence_id)
                )
            ).first()
            return StoredEvidence(*row) if row else None

    async def evidence_of(self, complaint_id: uuid.UUID) -> list[EvidenceInfo]:
        async with self._reads.connect() as conn:
            rows = await conn.execute(
                select(
                    evidence.c.evidence_id,
                    evidence.c.content_type,
                    evidence.c.size_bytes,
                    evidence.c.added_at,
                )
                .where(evidence.c.complaint_id == complaint_id)
                .order_by(evidence.c.added_at, evidence.c.evidence_id)
            )
            return [EvidenceInfo(*r) for r in rows]

    @staticmethod
    async def supplement(
        conn: AsyncConnection,
        code: str,
        phone: str,
        check: Callable[[str], None],
        make_event: Callable[[uuid.UUID], Message],
        note: bytes,
        now: datetime,
    ) -> uuid.UUID | None:
        """Keeps the supplement, publishes its event and shows the case back in review,
        when `check(status)` allows; the complaint's id, or None when no complaint has this
        code and phone."""
        found = await _lock_complaint(conn, code, phone)
        if found is None:
            return None
        complaint_id, status = found
        check(status)
        await _add_note(conn, complaint_id, "SUPPLEMENTED", note, now)
        # Resolution's next CaseStatusChanged (a higher version) will confirm it.
        await conn.execute(
            update(complaints)
            .where(complaints.c.complaint_id == complaint_id)
            .values(status="IN_REVIEW", outcome=None)
        )
        await outbox.publish(conn, "intake", [make_event(complaint_id)])
        return complaint_id

    # The projection of resolution's cases

    @staticmethod
    async def apply_case_status(
        conn: AsyncConnection,
        complaint_id: uuid.UUID,
        status: str,
        unit_code: str,
        due_at: datetime,
        version: int,
        outcome: dict | None,
        certificate_level: str | None,
    ) -> None:
        """Keeps the newest case state: an older change arriving late changes nothing. The
        certificate level stays once a correction set it."""
        await conn.execute(
            _APPLY_CASE_STATUS,
            {
                "complaint_id": complaint_id,
                "status": status,
                "unit_code": unit_code,
                "due_at": due_at,
                "version": version,
                "outcome": outcome,
                "certificate_level": certificate_level,
            },
        )

    # One-time codes

    async def issue_code(self, row: dict, event: Message) -> None:
        """Stores the code and its event unless the phone or the client address asked for
        too many lately (otp.PER_PHONE, otp.PER_CLIENT_ADDRESS): the codes are the count."""
        async with self.engine.begin() as conn:
            # One request per phone at a time, so two racing requests both count.
            await conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(row["phone"]))))
            now, codes = row["created_at"], one_time_codes.c
            await _check(conn, otp.PER_PHONE, codes.phone == row["phone"], now, one_time_codes)
            await _check(
                conn,
                otp.PER_CLIENT_ADDRESS,
                codes.client_address == row["client_address"],
                now,
                one_time_codes,
            )
            await conn.execute(one_time_codes.insert().values(row))
            await outbox.publish(conn, "intake", [event])

    async def try_newest_code(self, phone: str, max_attempts: int) -> TriedCode | None:
        """The phone's newest code, with this try counted against it unless `max_attempts`
        were already made (TriedCode.counted); None when the phone has none."""
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(_TRY_NEWEST_CODE, {"phone": phone, "max_attempts": max_attempts})
            ).first()
            return TriedCode(*row) if row else None

    @staticmethod
    async def _consume_code(conn: AsyncConnection, code_id: uuid.UUID) -> bool:
        return (await conn.scalar(_CONSUME_CODE, {"code_id": code_id})) is not None

    # Facilities

    async def import_facilities(self, found: Iterable[Facility], events: list[Message]) -> int:
        """Adds the facilities, replacing those with the same code, and publishes their
        events (FacilitiesImported), in one transaction."""
        values = [vars(f) for f in found]
        statement = insert(facilities)
        async with self.engine.begin() as conn:
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["code"],
                    set_={
                        c: statement.excluded[c] for c in ("name", "district_code", "commune_code")
                    },
                ),
                values,
            )
            await outbox.publish(conn, "intake", events)
        return len(values)

    async def list_facilities(self, district_code: str) -> list[Facility]:
        query = select(facilities).order_by(facilities.c.code)
        if district_code:
            query = query.where(facilities.c.district_code == district_code)
        async with self._reads.connect() as conn:
            return [Facility(*r) for r in await conn.execute(query)]

    async def facilities_named(self, codes: Iterable[str]) -> dict[str, Facility]:
        codes = list(set(codes))
        if not codes:
            return {}
        async with self._reads.connect() as conn:
            rows = await conn.execute(_FACILITIES_NAMED, {"codes": codes})
            return {r.code: Facility(*r) for r in rows}


def _from(client_address: str, kind: str):
    return (client_requests.c.client_address == client_address) & (client_requests.c.kind == kind)


async def _check(
    conn: AsyncConnection, limit: RateLimit, counted, now: datetime, table=client_requests
) -> None:
    """Raises (through `limit`) when the rows of `table` that `counted` selects, made within
    the limit's window before `now`, reach it."""
    used = await conn.scalar(
        select(func.count())
        .select_from(table)
        .where(counted, table.c.created_at > now - limit.window)
    )
    limit.check(used)


async def _record(conn: AsyncConnection, client_address: str, kind: str, now: datetime) -> None:
    await conn.execute(
        client_requests.insert().values(client_address=client_address, kind=kind, created_at=now)
    )


async def _get(conn: AsyncConnection, condition) -> StoredComplaint | None:
    row = (
        await conn.execute(
            select(
                complaints.c.complaint_id,
                complaints.c.tracking_code,
                complaints.c.category,
                complaints.c.phone,
                complaints.c.status,
                complaints.c.submitted_at,
                complaints.c.due_at,
                complaints.c.warnings,
                complaints.c.outcome,
                complaints.c.certificate_level,
            ).where(condition)
        )
    ).first()
    return StoredComplaint(*row) if row else None


async def _lock_complaint(conn: AsyncConnection, code: str, phone: str):
    """(complaint_id, status), locked until the transaction ends; None when the code and the
    phone do not match one complaint."""
    row = (
        await conn.execute(
            select(complaints.c.complaint_id, complaints.c.status)
            .where(complaints.c.tracking_code == code, complaints.c.phone == phone)
            .with_for_update()
        )
    ).first()
    return tuple(row) if row else None


async def _add_note(
    conn: AsyncConnection, complaint_id: uuid.UUID, kind: str, complaint: bytes, at: datetime
) -> None:
    await conn.execute(
        complaint_notes.insert().values(
            note_id=uuid.uuid4(),
            complaint_id=complaint_id,
            kind=kind,
            complaint=complaint,
            added_at=at,
        )
    )
