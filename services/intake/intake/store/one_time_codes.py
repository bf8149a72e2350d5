"""One-time codes: kept as salted digests, their tries counted, used once; and those whose
event notification could not take before they expired, deleted from the outbox."""

import uuid
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.otp import TriedCode
from intake.store.tables import one_time_codes
from phananh_common import outbox

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
_CONSUME_CODE = text(
    "UPDATE one_time_codes SET consumed = true WHERE code_id = :code_id AND NOT consumed"
    " RETURNING code_id"
)


async def serialize_for_phone(conn: AsyncConnection, phone: str) -> None:
    """Until the transaction ends, the phone's other requests wait: two racing both count."""
    await conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(phone))))


async def count_since(conn: AsyncConnection, column: str, value: str, since: datetime) -> int:
    """The codes made since `since` whose `column` (phone, client_address) is `value`."""
    codes = one_time_codes.c
    return await conn.scalar(
        select(func.count()).where(codes[column] == value, codes.created_at > since)
    )


async def add(conn: AsyncConnection, row: dict) -> None:
    await conn.execute(one_time_codes.insert().values(row))


async def try_newest(conn: AsyncConnection, phone: str, max_attempts: int) -> TriedCode | None:
    """The phone's newest code, with this try counted against it unless `max_attempts` were
    already made (TriedCode.counted); None when the phone has none."""
    row = (
        await conn.execute(_TRY_NEWEST_CODE, {"phone": phone, "max_attempts": max_attempts})
    ).first()
    return TriedCode(*row) if row else None


async def consume(conn: AsyncConnection, code_id: uuid.UUID) -> bool:
    """Uses the code up; False when it was used meanwhile."""
    return (await conn.scalar(_CONSUME_CODE, {"code_id": code_id})) is not None


async def forget_undelivered(conn: AsyncConnection, event_type: str, before: datetime) -> int:
    """Deletes the outbox's events of `event_type` (the codes' own) still waiting for a
    consumer that were made before `before`; how many there were."""
    events, deliveries = outbox.outbox_events, outbox.outbox_deliveries
    # Found through the few undelivered rows (their partial index), not the whole outbox.
    waiting = select(deliveries.c.event_id).where(deliveries.c.delivered_at.is_(None))
    return await outbox.delete_events(
        conn,
        events.c.event_id.in_(waiting)
        & (events.c.type == event_type)
        & (events.c.created_at <= before),
    )
