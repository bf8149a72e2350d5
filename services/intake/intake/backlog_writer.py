"""The bulk path of the backlog import (intake.import_backlog): each batch COPYed into a
staging table and moved into intake's tables with set-based statements."""

from dataclasses import dataclass

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import repeats
from intake.store import FINAL_STATUSES, NEW_COMPLAINT_COLUMNS, OPEN
from phananh_common import outbox

# A backlog batch's columns as copied into the session's staging table.
BACKLOG_COLUMNS = (*NEW_COMPLAINT_COLUMNS, "source_id", "event_id", "envelope")
_COMPLAINT_COLUMNS = ", ".join(BACKLOG_COLUMNS[:10])


# The earliest of a person's complaints of a category from one phone in a batch becomes the
# complaint; its event and deliveries are written by the same statement (the staging rows are
# joined to what was added, never searched by an array of ids). Selects how many were added,
# and the event id, envelope and possible repeat of each added complaint that may repeat the
# person's open complaint of the category from another phone: the earliest of those open
# before (in `complaints`, which the statement sees as it was) and added before in the batch
# (each added one has a phone of its own: the unique index let it in).
_ADD_BACKLOG = f"""WITH added AS (
        INSERT INTO complaints ({_COMPLAINT_COLUMNS})
        SELECT {_COMPLAINT_COLUMNS} FROM backlog_staging ORDER BY submitted_at
        {{on_conflict}}
        RETURNING complaint_id, tracking_code, person_key, category, submitted_at),
    events AS (
        INSERT INTO outbox_events (event_id, type, envelope)
        SELECT s.event_id, $1, s.envelope
        FROM backlog_staging s JOIN added USING (complaint_id)
        RETURNING event_id),
    deliveries AS (
        INSERT INTO outbox_deliveries (event_id, consumer)
        SELECT event_id, c FROM events, unnest($2::text[]) c),
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
    SELECT (SELECT count(*) FROM events), array_agg(event_id), array_agg(envelope),
        array_agg(repeat_of)
    FROM repeats WHERE repeat_of IS NOT NULL"""
# The envelopes of the complaints marked as possible repeats, written again with the mark.
_MARK_REPEATS = """UPDATE outbox_events o SET envelope = m.envelope
    FROM unnest($1::uuid[], $2::bytea[]) m (event_id, envelope) WHERE o.event_id = m.event_id"""
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
class Written:
    """What a batch added: complaints (of them, marked as possible repeats) and notes."""

    complaints: int
    possible_repeats: int
    notes: int


class BacklogWriter:
    """The bulk path of the backlog import: each batch is COPYed into a temporary staging
    table, then moved with set-based statements in one transaction: new complaints and their
    outbox rows; a person's repeated complaint from the same phone joins the open one as a
    note, from another phone it is a new complaint marked as a possible repeat; a source id
    seen before (as a complaint or a note) adds nothing."""

    def __init__(self, connection):
        self._conn = connection  # asyncpg's, under the engine's pooled connection

    @classmethod
    async def open(cls, conn: AsyncConnection) -> "BacklogWriter":
        raw = await conn.get_raw_connection()
        writer = cls(raw.driver_connection)
        await writer._conn.execute(
            """CREATE TEMP TABLE IF NOT EXISTS backlog_staging (
                complaint_id uuid, tracking_code text, category text, person_key text,
                phone text, complaint bytea, warnings jsonb, submitted_at timestamptz,
                due_at timestamptz, source_id text, event_id uuid, envelope bytea
            ) ON COMMIT DELETE ROWS"""
        )
        return writer

    async def write(self, records: list[tuple], event_type: str) -> Written:
        """Writes records in BACKLOG_COLUMNS order."""
        conn = self._conn
        async with conn.transaction():
            await conn.copy_records_to_table(
                "backlog_staging", records=records, columns=BACKLOG_COLUMNS
            )
            consumers = list(outbox.SUBSCRIPTIONS[event_type])
            try:
                # Most batches are new complaints of different people: added without the
                # per-row conflict arbitration, which doubles the cost of the insert.
                async with conn.transaction():
                    added = await conn.fetchrow(
                        _ADD_BACKLOG.format(on_conflict=""), event_type, consumers
                    )
            except asyncpg.UniqueViolationError:
                added = await conn.fetchrow(
                    _ADD_BACKLOG.format(on_conflict="ON CONFLICT DO NOTHING"), event_type, consumers
                )
            count, event_ids, envelopes, codes = added
            if event_ids:  # rare: a round trip only for the batches that hold one
                marked = [repeats.marked(e, c) for e, c in zip(envelopes, codes, strict=True)]
                await conn.execute(_MARK_REPEATS, event_ids, marked)
            await conn.execute(f"NOTIFY {outbox.NOTIFY_CHANNEL}")
            if count == len(records):  # every row a new complaint: none joins one
                return Written(count, len(event_ids or ()), 0)
            joined = await conn.execute(_JOIN_REPEATS, list(FINAL_STATUSES))
        return Written(count, len(event_ids or ()), int(joined.rsplit(" ", 1)[1]))
