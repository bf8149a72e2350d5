"""Resolution's case changes projected into the status the citizen reads, each in the
transaction the inbox opened for its event (phananh_common.inbox): the newest change only."""

from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain import CaseChange
from intake.store import complaints


async def case_changed(conn: AsyncConnection, change: CaseChange) -> None:
    """Keeps the newest case state: an older change arriving late changes nothing. The
    certificate level stays once a correction set it."""
    await complaints.apply_case_change(conn, change)
