"""The producers' events applied to the projection, each in the transaction the inbox opened
for it (phananh_common.inbox, which runs each batch alone: see server.py); two statements an
event, whatever it changes."""

import uuid
from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common.policy import DeadlinePolicy
from reporting.domain.facts import (
    CaseChanged,
    ComplaintSubmitted,
    MessageStatusChanged,
    fact_of,
    handling_units,
)
from reporting.domain.figures import counter_changes
from reporting.store import projection


class Projection:
    def __init__(self, policy: DeadlinePolicy):
        self._policy = policy

    async def complaint_submitted(self, conn: AsyncConnection, event: ComplaintSubmitted):
        due_at = self._policy.due_at(event.submitted_at)
        await _change_fact(conn, event.complaint_id, lambda fact: event.columns(fact, due_at))

    async def case_changed(self, conn: AsyncConnection, event: CaseChanged):
        await _change_fact(conn, event.complaint_id, event.columns)

    async def message_status_changed(self, conn: AsyncConnection, event: MessageStatusChanged):
        if event.tells_outcome:
            await _change_fact(conn, event.complaint_id, event.columns)


async def _change_fact(
    conn: AsyncConnection, complaint_id: uuid.UUID, columns: Callable[[Mapping], dict | None]
) -> None:
    """Applies `columns(current columns) → new ones` (None: nothing changes) to the complaint's
    fact and moves the counters from the old fact to the new one."""
    current = await projection.locked_fact(conn, complaint_id)
    values = columns(current)
    if values is None:
        return
    before, after = fact_of(current), fact_of({**current, **values})
    values["handling_units"] = handling_units(after.unit_code)
    await projection.change_fact(conn, complaint_id, values, counter_changes(before, after))
