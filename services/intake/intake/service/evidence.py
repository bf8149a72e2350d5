"""Evidence as officers read it, through their case (resolution asks once it has scoped the
case to the officer's unit): one file, or a complaint's list. Each read runs on a connection
without a transaction: one statement."""

import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from intake.evidence import EvidenceInfo, StoredEvidence
from intake.store import evidence
from phananh_common.errors import NotFound


class EvidenceReads:
    def __init__(self, engine: AsyncEngine):
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def get(self, evidence_id: uuid.UUID) -> StoredEvidence:
        async with self._reads.connect() as conn:
            found = await evidence.get(conn, evidence_id)
        if found is None:
            raise NotFound("no evidence with this id")
        return found

    async def of_complaint(self, complaint_id: uuid.UUID) -> list[EvidenceInfo]:
        async with self._reads.connect() as conn:
            return await evidence.of_complaint(conn, complaint_id)
