"""The bulk path of the backlog import (intake.import_backlog): each batch COPYed into a
staging table and moved into intake's tables with set-based statements."""

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.store import FINAL_STATUSES, NEW_COMPLAINT_COLUMNS
from phananh_common import outbox

# A backlog batch's columns as copied into the session's staging table.
BACKLOG_COLUMNS = (*NEW_COMPLAINT_COLUMNS, "source_id", "event_id", "envelope")
_COMPLAINT_COLUMNS = ", ".join(BACKLOG_COLUMNS[:10])


# The earliest of a person's complaints in a batch becomes the complaint; its event and
# deliveries are written by the same statement (the staging rows are joined to what was
# added, never searched by an array of ids).
_ADD_BACKLOG = f"""WITH added AS (
        INSERT INTO complaints ({_COMPLAINT_COLUMNS})
        SELECT {_COMPLAINT_COLUMNS} FROM backlog_staging ORDER BY submitted_at
        {{on_conflict}} RETURNING complaint_id),
    events AS (
        INSERT INTO outbox_events (event_id, type, envelope)
        SELECT s.event_id, $1, s.envelope
        FROM backlog_staging s JOIN added USING (complaint_id)
        RETURNING event_id),
    deliveries AS (
        INSERT INTO outbox_deliveries (event_id, consumer)
        SELECT event_id, c FROM events, unnest($2::text[]) c)
    SELECT count(*) FROM events"""


class BacklogWriter:
    """The bulk path of the backlog import: each batch is COPYed into a temporary staging
    table, then moved with set-based statements in one transaction: new complaints and their
    outbox rows; a person's repeated complaint joins the open one as a note; a source id seen
    before (as a complaint or a note) adds nothing."""

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

    async def write(self, records: list[tuple], event_type: str) -> tuple[int, int]:
        """(complaints added, notes added) for records in BACKLOG_COLUMNS order."""
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
                    added = await conn.fetchval(
                        _ADD_BACKLOG.format(on_conflict=""), event_type, consumers
                    )
            except asyncpg.UniqueViolationError:
                added = await conn.fetchval(
                    _ADD_BACKLOG.format(on_conflict="ON CONFLICT DO NOTHING"), event_type, consumers
                )
            await conn.execute(f"NOTIFY {outbox.NOTIFY_CHANNEL}")
            if added == len(records):  # every row a new complaint: none joins one
                return added, 0
            # A staging row whose complaint was not added (its complaint_id is new, so it is
            # in complaints only if added) joins the person's open complaint as a note.
            joined = await conn.execute(
                """INSERT INTO complaint_notes
                    (note_id, complaint_id, kind, complaint, added_at, source_id)
                SELECT gen_random_uuid(), c.complaint_id, 'RESUBMITTED', s.complaint,
                    s.submitted_at, s.source_id
                FROM backlog_staging s JOIN complaints c
                    ON c.person_key = s.person_key AND c.category = s.category
                    AND NOT c.status = ANY($1::text[])
                WHERE NOT EXISTS (SELECT 1 FROM complaints x WHERE x.complaint_id = s.complaint_id)
                    AND NOT EXISTS (SELECT 1 FROM complaints x WHERE x.source_id = s.source_id)
                ON CONFLICT (source_id) DO NOTHING""",
                list(FINAL_STATUSES),
            )
        return added, int(joined.rsplit(" ", 1)[1])
