"""The access audit's use cases: a read recorded before its answer leaves (a read whose record
fails fails too: no read goes unrecorded), and the province admins' look into it."""

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh_common.local_time import Clock
from resolution.audit import store
from resolution.audit.domain import AccessEntry, AccessQuery, Read, Reader


class AccessAudit:
    def __init__(self, engine: AsyncEngine, clock: Clock):
        self._engine = engine
        self._clock = clock

    async def record(self, reader: Reader, reads: list[Read]) -> None:
        """Records the reads in a transaction of their own (the read itself changes
        nothing); its failure is the read's."""
        async with self._engine.begin() as conn:
            await store.record(conn, self._clock(), reader, reads)

    async def entries(
        self, query: AccessQuery, limit: int, before: int | None
    ) -> list[AccessEntry]:
        async with self._engine.connect() as conn:
            return await store.entries(conn, query, limit, before)
