"""The backlog import's statements: each batch COPYed into the session's staging table, then
moved into intake's tables with set-based statements, on asyncpg's connection (the bulk path
is benchmarked: no SQLAlchemy between the rows and PostgreSQL)."""

import uuid
from dataclasses import dataclass

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.store.submissions import NEW_COMPLAINT_COLUMNS
from intake.store.tables import OPEN
from phananh_common import outbox
from phananh_common.statuses import CLOSED

# A backlog batch's columns as copied into the session's staging table.
BACKLOG_COLUMNS = (*NEW_COMPLAINT_COLUMNS, "source_id", "event_id", "envelope")
_COMPLAINT_COLUMNS = ", ".join(BACKLOG_COLUMNS[:10])
_PUBLISHED = outbox.published_for(
    "backlog_staging s JOIN added USING (complaint_id)",
    "s.envelope",
    event_id="s.event_id",
    event_type="$1",
    traceparent="NULL",
    consumers="$2",
)

# The earliest of a person's complaints of a category from one phone in a batch becomes the
# complaint; its event ($1 the type, $2 its consumers) and deliveries are written by the same
# statement (the staging rows are joined to what was added, never searched by an array of
# ids). Selects how many were added, and the event id, envelope and possible repeat of each
# added complaint that may repeat the person's open complaint of the category from another
# phone: the earliest of those open before (in `complaints`, which the statement sees as it
# was) and added before in the batch (each added one has a phone of its own: the unique index
# let it in).
_ADD_BACKLOG = f"""WITH added AS (
        INSERT INTO complaints ({_COMPLAINT_COLUMNS})
        SELECT {_COMPLAINT_COLUMNS} FROM backlog_staging ORDER BY submitted_at
        {{on_conflict}}
        RETURNING complaint_id, tracking_code, person_key, category, submitted_at),
    {_PUBLISHED},
    firsts AS (
        SELECT complaint_id, person_key, category, submitted_at,
            first_value(complaint_id) OVER person AS first_id,
            first_value(tracking_code) OVER person AS first_code,
            first_value(submitted_at) OVER person AS first_at
        FROM added
        WINDOW person AS (PARTITION BY person_key, category ORDER BY submitted_at, complaint_id)),
    repeats AS (
        SELECT s.event_id, s.envelope, (
            SELECT o.code FROM (
                SELECT c.tracking_code, c.submitted_at FROM complaints c
                WHERE c.person_key = f.person_key AND c.category = f.category AND c.{OPEN.text}
                UNION ALL
                SELECT f.first_code, f.first_at WHERE f.first_id <> f.complaint_id
            ) o (code, submitted_at) ORDER BY o.submitted_at LIMIT 1) AS repeat_of
        FROM firsts f JOIN backlog_staging s USING (complaint_id))
    SELECT (SELECT count(*) FROM published), array_agg(event_id), array_agg(envelope),
        array_agg(repeat_of), {outbox.NOTIFY_WHEN_PUBLISHED}
    FROM repeats WHERE repeat_of IS NOT NULL"""
# A staging row whose complaint was not added (its complaint_id is new, so it is in complaints
# only if added) joins the person's open complaint of the category from its phone as a note.
_JOIN_REPEATS = """INSERT INTO complaint_notes
        (note_id, complaint_id, kind, complaint, added_at, source_id)
    SELECT gen_random_uuid(), c.complaint_id, 'RESUBMITTED', s.complaint,
        s.submitted_at, s.source_id
    FROM backlog_staging s JOIN complaints c
        ON c.person_key = s.person_key AND c.category = s.category AND c.phone = s.phone
        AND NOT c.status = ANY($1::text[])
    WHERE NOT EXISTS (SELECT 1 FROM complaints x WHERE x.complaint_id = s.complaint_id)
        AND NOT EXISTS (SELECT 1 FROM complaints x WHERE x.source_id = s.source_id)
    ON CONFLICT (source_id) DO NOTHING"""


@dataclass(frozen=True)
class Added:
    """The complaints a batch added, and those of them that may repeat a complaint of the
    same person and category from another phone."""

    count: int
    # Of each possible repeat: its event's id, its envelope and the code it may repeat.
    event_ids: list[uuid.UUID]
    envelopes: list[bytes]
    repeat_of: list[str]


class Staging:
    """The session's staging table and the statements that move a batch out of it, each in
    a transaction its caller owns (transaction())."""

    def __init__(self, connection: asyncpg.Connection):
        self._conn = connection  # asyncpg's, under the engine's pooled connection

    @classmethod
    async def open(cls, conn: AsyncConnection) -> "Staging":
        staging = cls((await conn.get_raw_connection()).driver_connection)
        await staging._conn.execute(
            """CREATE TEMP TABLE IF NOT EXISTS backlog_staging (
                complaint_id uuid, tracking_code text, category text, person_key text,
                phone text, complaint bytea, warnings jsonb, submitted_at timestamptz,
                due_at timestamptz, source_id text, event_id uuid, envelope bytea
            ) ON COMMIT DELETE ROWS"""
        )
        return staging

    def transaction(self):
        return self._conn.transaction()

    async def copy(self, records: list[tuple]) -> None:
        """Stages records in BACKLOG_COLUMNS order."""
        await self._conn.copy_records_to_table(
            "backlog_staging", records=records, columns=BACKLOG_COLUMNS
        )

    async def add_complaints(self, event_type: str) -> Added:
        """The staged complaints not already there, with their events (of `event_type`)."""
        conn = self._conn
        consumers = list(outbox.SUBSCRIPTIONS[event_type])
        try:
            # Most batches are new complaints of different people: added without the per-row
            # conflict arbitration, which doubles the cost of the insert; in a savepoint of
            # the caller's transaction, to try again with it.
            async with conn.transaction():
                added = await conn.fetchrow(
                    _ADD_BACKLOG.format(on_conflict=""), event_type, consumers
                )
        except asyncpg.UniqueViolationError:
            added = await conn.fetchrow(
                _ADD_BACKLOG.format(on_conflict="ON CONFLICT DO NOTHING"), event_type, consumers
            )
        count, event_ids, envelopes, repeat_of, _ = added
        return Added(count, event_ids or [], envelopes or [], repeat_of or [])

    async def mark_repeats(self, event_ids: list[uuid.UUID], envelopes: list[bytes]) -> None:
        """Writes the marked envelopes of the possible repeats' events."""
        await outbox.rewrite_envelopes(self._conn, event_ids, envelopes)

    async def join_repeats(self) -> int:
        """Adds the staged complaints that repeat an open one from the same phone to it as
        notes; how many."""
        joined = await self._conn.execute(_JOIN_REPEATS, list(CLOSED))
        return int(joined.rsplit(" ", 1)[1])
