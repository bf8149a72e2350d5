"""The providers' delivery reports (Kannel's callbacks, SMPP receipts): kept as they arrive,
applied to their messages by the SMS dispatcher once each message's sending is committed."""

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notification.domain import DeliveryReport, Status
from notification.store import queue
from notification.store.messages import SMS_CHANNEL
from notification.store.tables import delivery_reports, messages

_APPLY_REPORTS = text(f"""
WITH ready AS (
    SELECT message_id, status AS status_before FROM messages
    WHERE message_id IN (SELECT message_id FROM delivery_reports)
      AND status IN ('{Status.SENT}', '{Status.DELIVERED}', '{Status.FAILED}')
    FOR UPDATE SKIP LOCKED
), taken AS (
    DELETE FROM delivery_reports r USING ready WHERE r.message_id = ready.message_id
    RETURNING r.report_id, r.message_id, r.status, r.provider_message_id, r.received_at
), folded AS (
    SELECT
        message_id,
        (array_agg(status ORDER BY report_id) FILTER (WHERE status IS NOT NULL))[1] AS status,
        (array_agg(received_at ORDER BY report_id) FILTER (WHERE status IS NOT NULL))[1]
            AS final_at,
        (array_agg(provider_message_id ORDER BY report_id)
            FILTER (WHERE provider_message_id <> ''))[1] AS provider_message_id
    FROM taken GROUP BY message_id
)
UPDATE messages m SET
    status = CASE WHEN m.status = '{Status.SENT}' THEN coalesce(f.status, m.status)
                  ELSE m.status END,
    delivered_at = CASE WHEN m.status = '{Status.SENT}' AND f.status = '{Status.DELIVERED}'
                        THEN f.final_at ELSE m.delivered_at END,
    provider_message_id = coalesce(m.provider_message_id, f.provider_message_id)
FROM folded f JOIN ready r USING (message_id) WHERE m.message_id = f.message_id
RETURNING m.message_id, m.complaint_id, m.kind,
    CASE WHEN m.status <> r.status_before THEN m.status END AS status
""")


async def keep_delivery_reports(conn: AsyncConnection, reports: list[DeliveryReport]) -> list[bool]:
    """Keeps the reports of known messages, and wakes the dispatcher; whether each report was
    kept. A report that names only the provider's id is matched by it (the id is stored with
    the sending)."""
    m = messages.c
    by_provider = {r.provider_message_id for r in reports if r.message_id is None}
    found = {}
    if by_provider:
        matched = select(m.provider_message_id, m.message_id).where(
            m.provider_message_id.in_(by_provider)
        )
        found = dict((await conn.execute(matched)).all())
    ids = [r.message_id or found.get(r.provider_message_id) for r in reports]
    named = {i for i in ids if i is not None}
    known = set(await conn.scalars(select(m.message_id).where(m.message_id.in_(named))))
    rows = [
        {"message_id": message_id, "status": r.status, "provider_message_id": r.provider_message_id}
        for r, message_id in zip(reports, ids, strict=True)
        if message_id in known
    ]
    if rows:
        await conn.execute(insert(delivery_reports), rows)
        await queue.wake(conn, SMS_CHANNEL)
    return [message_id in known for message_id in ids]


async def apply_delivery_reports(conn: AsyncConnection) -> list:
    """Applies the kept reports of the sent messages that no other transaction holds, in one
    statement: the first final report sets DELIVERED or FAILED (a final status is never
    overwritten), the first provider id is kept. Returns each message changed, with the status
    it was given (None: a report that changed no status, the message's being final)."""
    return (await conn.execute(_APPLY_REPORTS)).all()
