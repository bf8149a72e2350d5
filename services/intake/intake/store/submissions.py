"""A submission's statement, and the answers kept under idempotency keys: the first answer
given under a key is given again to a repeat of the request, until the key expires."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain import TRACKING_LENGTH
from intake.rate_limits import SUBMISSION
from intake.store.tables import OPEN, submissions
from phananh_common import outbox

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
# A citizen's submission also keeps the privacy notice its sender was shown.
_SUBMITTED_COLUMNS = (*NEW_COMPLAINT_COLUMNS, "privacy_notice_version")
# The answer kept under an idempotency key, unless the key is in use and not yet expired.
_KEY_KEPT = (
    " ON CONFLICT (idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
    " response = excluded.response, created_at = excluded.created_at"
    " WHERE submissions.created_at <= :expired_before RETURNING idempotency_key"
)
# The envelope a new complaint publishes: the one given, or, when the person has an open
# complaint of the category from another phone (the earliest), the one given marked with a
# placeholder whose last bytes take that complaint's code (intake.repeats: the placeholder is
# a tracking code long). Found by the submission's own statement: every submission makes the
# same round trips, whatever another phone sent.
_POSSIBLE_REPEAT = (
    "possible_repeat AS (SELECT tracking_code FROM complaints WHERE person_key = :person_key"
    f" AND category = :category AND phone <> :phone AND {OPEN.text}"
    " ORDER BY submitted_at LIMIT 1)"
)
_PUBLISHED_ENVELOPE = (
    "coalesce((SELECT substring(CAST(:marked_envelope AS bytea)"
    f" FOR octet_length(CAST(:marked_envelope AS bytea)) - {TRACKING_LENGTH})"
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
    f" added AS (INSERT INTO complaints ({', '.join(_SUBMITTED_COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in _SUBMITTED_COLUMNS)})"
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


@dataclass(frozen=True)
class Written:
    """What a submission's statement did."""

    # The client address's submissions within the limit's window, this one not counted.
    used: int
    # The new complaint's; None when the person has an open complaint of the category from
    # the same phone, which the submission joins.
    complaint_id: uuid.UUID | None
    # The answer was kept under the idempotency key (False when the key is in use).
    key_kept: bool


@dataclass(frozen=True)
class Key:
    """An idempotency key and the request it came with."""

    key: str
    # SHA-256 of the complaint as sent: the same key with another complaint is refused.
    fingerprint: bytes
    # A use of the key stored before this instant has expired and may be replaced.
    expired_before: datetime


async def submit(
    conn: AsyncConnection,
    row: dict,
    published: dict,
    *,
    client_address: str,
    since: datetime,
    key: Key,
    answer: bytes,
) -> Written:
    """The new complaint (`row`, NEW_COMPLAINT_COLUMNS) and its event (`published`:
    outbox.event_values() and `marked_envelope`, the envelope marked with intake.repeats'
    placeholder), counted against `client_address` (its submissions since `since`), with
    `answer` kept under the key: one statement."""
    used, added, key_kept, _ = (
        await conn.execute(
            _SUBMISSION,
            {
                **row,
                **published,
                "client_address": client_address,
                "kind": SUBMISSION,
                "since": since,
                "idempotency_key": key.key,
                "fingerprint": key.fingerprint,
                "response": answer,
                "expired_before": key.expired_before,
            },
        )
    ).one()
    return Written(used, added, key_kept)


async def keep_answer(conn: AsyncConnection, key: Key, answer: bytes, at: datetime) -> bool:
    """Keeps `answer` under the key, unless it is in use (False)."""
    kept = await conn.scalar(
        _FIRST_SUBMISSION,
        {
            "idempotency_key": key.key,
            "fingerprint": key.fingerprint,
            "response": answer,
            "created_at": at,
            "expired_before": key.expired_before,
        },
    )
    return kept is not None


async def earlier_answer(conn: AsyncConnection, key: Key) -> tuple[bytes, bytes] | None:
    """(fingerprint, answer) of the submission that used the key, unless none did or its use
    has expired."""
    row = (
        await conn.execute(
            select(submissions.c.fingerprint, submissions.c.response).where(
                submissions.c.idempotency_key == key.key,
                submissions.c.created_at > key.expired_before,
            )
        )
    ).first()
    return tuple(row) if row else None


async def forget_keys(conn: AsyncConnection, expired_before: datetime) -> int:
    """Deletes the keys stored before `expired_before`; how many there were."""
    deleted = await conn.execute(
        submissions.delete().where(submissions.c.created_at <= expired_before)
    )
    return deleted.rowcount
