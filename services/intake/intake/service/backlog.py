"""The backlog import's writes (intake.import_backlog): each batch in one transaction, staged
by COPY and moved with set-based statements (intake.store.backlog): new complaints and their
events, the events of possible repeats (the same person and category from another phone)
marked; a person's repeated complaint from the same phone joins the open one as a note; a
source id seen before (as a complaint or a note) adds nothing."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import repeats
from intake.store.backlog import Staging


@dataclass(frozen=True)
class Written:
    """What a batch added: complaints (of them, marked as possible repeats) and notes."""

    complaints: int
    possible_repeats: int
    notes: int


class BacklogWriter:
    def __init__(self, staging: Staging):
        self._staging = staging

    @classmethod
    @asynccontextmanager
    async def on(cls, engine: AsyncEngine) -> AsyncIterator["BacklogWriter"]:
        """A writer on a connection of its own, for the import's length."""
        async with engine.connect() as conn:
            yield cls(await Staging.open(conn))

    async def write(self, records: list[tuple], event_type: str) -> Written:
        """Writes records in store.backlog.BACKLOG_COLUMNS order, with their events of
        `event_type`."""
        staging = self._staging
        async with staging.transaction():
            await staging.copy(records)
            added = await staging.add_complaints(event_type)
            if added.event_ids:  # rare: a round trip only for the batches that hold one
                marked = [
                    repeats.marked(e, c)
                    for e, c in zip(added.envelopes, added.repeat_of, strict=True)
                ]
                await staging.mark_repeats(added.event_ids, marked)
            if added.count == len(records):  # every row a new complaint: none joins one
                return Written(added.count, len(added.event_ids), 0)
            joined = await staging.join_repeats()
        return Written(added.count, len(added.event_ids), joined)
