"""Delivery reports on their way to the database, whichever provider sent them (Kannel's
callbacks, SMPP receipts): kept in `delivery_reports`, applied by the SMS dispatcher once the
message's sending is committed."""

import asyncio

from notification.domain import DeliveryReport
from notification.service import DeliveryReports


class ReportWriter:
    """Writes the reports in groups: each writer waits for the commit of its group (Kannel
    hears 204 once its report is kept), and all the reports that came in meanwhile share the
    next transaction, so a burst of reports costs a few transactions, not one each."""

    def __init__(self, deliveries: DeliveryReports):
        self._deliveries = deliveries
        self._pending: list[tuple[DeliveryReport, asyncio.Future]] = []
        self._arrived = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def write(self, report: DeliveryReport) -> bool:
        """Whether the report's message is known (the report is then kept)."""
        written = asyncio.get_running_loop().create_future()
        self._pending.append((report, written))
        self._arrived.set()
        return await written

    async def _run(self) -> None:
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            group, self._pending = self._pending, []
            try:
                kept = await self._deliveries.keep([r for r, _ in group])
            except Exception as error:  # noqa: BLE001 (each waiting writer answers it)
                for _, written in group:
                    written.set_exception(error)
                continue
            for (_, written), was_kept in zip(group, kept, strict=True):
                written.set_result(was_kept)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
