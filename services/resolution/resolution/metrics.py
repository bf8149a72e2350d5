"""Resolution's gauges, read from the cases when Prometheus scrapes (at most every few
seconds, phananh_common.metrics.QueriedGauges): the open cases and the overdue ones, by the
district that holds them, the province's own queue under the province's code."""

from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common.metrics import QueriedGauges
from phananh_common.units import DISTRICT, units
from resolution.cases.domain.deadlines import OPEN
from resolution.cases.store.tables import cases


def district_of(unit_code: str) -> str:
    """The district a unit lies in (a commune's, a district's own); the unit itself above."""
    found = units()
    return next(
        (code for code in found.ancestors(unit_code) if found.get(code).level == DISTRICT),
        unit_code,
    )


class CaseGauges(QueriedGauges):
    def families(self) -> list[GaugeMetricFamily]:
        return [
            GaugeMetricFamily(
                "phananh_cases_open", "Cases not yet closed, by district.", labels=["district"]
            ),
            GaugeMetricFamily(
                "phananh_cases_overdue",
                "Open cases past their deadline (a paused case as of its pause), by district.",
                labels=["district"],
            ),
        ]

    async def read(self, conn: AsyncConnection) -> list[GaugeMetricFamily]:
        # As the queue flags a case overdue (resolution.cases.domain.deadlines.deadline_flags).
        overdue = cases.c.due_at <= func.coalesce(cases.c.paused_at, func.now())
        rows = await conn.execute(
            select(cases.c.unit_code, func.count(), func.count().filter(overdue))
            .where(cases.c.status.in_(OPEN))
            .group_by(cases.c.unit_code)
        )
        by_district: dict[str, tuple[int, int]] = {}
        for unit_code, open_cases, overdue_cases in rows:
            district = district_of(unit_code)
            before = by_district.get(district, (0, 0))
            by_district[district] = (before[0] + open_cases, before[1] + overdue_cases)
        open_family, overdue_family = self.families()
        for district, (open_cases, overdue_cases) in sorted(by_district.items()):
            open_family.add_metric([district], open_cases)
            overdue_family.add_metric([district], overdue_cases)
        return [open_family, overdue_family]
