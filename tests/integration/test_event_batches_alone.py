"""A consumer whose events change shared rows applies each batch alone: two batches that lock
the same rows in opposite orders would otherwise deadlock, and the loser's events would all be
applied again, each on its own. Single events still run beside each other."""

import asyncio

import pytest
from google.rpc import code_pb2
from sqlalchemy import text

from phananh.events.v1 import envelope_pb2
from phananh.types.v1 import types_pb2
from phananh_common.database import create_engine
from phananh_common.inbox import EventConsumer
from phananh_common.outbox import envelope_for


def _batch(*rows: str) -> envelope_pb2.DeliverEventsRequest:
    """One event a row: each adds to its row of `shared`."""
    events = [envelope_for("test", types_pb2.Warning(code=row)) for row in rows]
    return envelope_pb2.DeliverEventsRequest(
        events=[envelope_pb2.BatchedEvent(event=e) for e in events]
    )


async def _deliver_crosswise(url: str, batches_alone: bool) -> tuple[int, list]:
    """(how many times the handler ran, the results) for two concurrent batches that add to
    rows 1 and 2 in opposite orders."""
    engine = create_engine(url)
    runs = 0

    async def add(conn, payload, _envelope):
        nonlocal runs
        runs += 1
        await conn.execute(
            text("UPDATE shared SET n = n + 1 WHERE id = :id"), {"id": int(payload.code)}
        )
        await asyncio.sleep(0.2)  # holding the row while the other batch takes its first

    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE shared (id int PRIMARY KEY, n int NOT NULL)"))
            await conn.execute(text("INSERT INTO shared VALUES (1, 0), (2, 0)"))
        consumer = EventConsumer(engine, {types_pb2.Warning: add}, batches_alone=batches_alone)
        replies = await asyncio.gather(
            consumer.DeliverEvents(_batch("1", "2"), None),
            consumer.DeliverEvents(_batch("2", "1"), None),
        )
        async with engine.connect() as conn:
            totals = (await conn.execute(text("SELECT n FROM shared ORDER BY id"))).scalars()
            assert list(totals) == [2, 2]
        return runs, [r.status.code for reply in replies for r in reply.results]
    finally:
        await engine.dispose()


@pytest.mark.parametrize("batches_alone", [True, False])
async def test_batches_locking_rows_crosswise_apply_once_only_when_alone(
    database_urls, batches_alone
):
    runs, codes = await _deliver_crosswise(database_urls["reporting"], batches_alone)
    assert codes == [code_pb2.OK] * 4
    if batches_alone:
        assert runs == 4
    else:  # the deadlock's loser applied its events again, one by one
        assert runs > 4


async def test_single_events_run_beside_each_other(database_urls):
    engine = create_engine(database_urls["reporting"])
    arrived: list[str] = []
    both = asyncio.Event()

    async def meet(_conn, payload, _envelope):
        arrived.append(payload.code)
        if len(arrived) == 2:
            both.set()
        # Each waits inside its transaction for the other: one at a time, neither would come.
        await asyncio.wait_for(both.wait(), timeout=10)

    try:
        consumer = EventConsumer(engine, {types_pb2.Warning: meet}, batches_alone=True)
        replies = await asyncio.gather(
            *(
                consumer.DeliverEvent(envelope_pb2.DeliverEventRequest(event=e), None)
                for e in (envelope_for("test", types_pb2.Warning(code=c)) for c in "12")
            )
        )
        assert sorted(arrived) == ["1", "2"]
        assert [r.already_applied for r in replies] == [False, False]
    finally:
        await engine.dispose()
