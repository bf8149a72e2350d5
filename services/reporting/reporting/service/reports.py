"""The reports as the officers ask for them: each read on a connection of its own without a
transaction (one statement at a time: no BEGIN and ROLLBACK), each write in one transaction;
the figures put together by the domain's rules (figures, weeks, periods, charts). The clock is
injected, so that tests can stand on either side of a deadline."""

import asyncio
import logging
from datetime import date, datetime, time

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh_common.errors import AlreadyExists, Violations
from phananh_common.local_time import Clock
from phananh_common.units import Unit, units
from reporting import exports
from reporting.domain import backlog, charts, weeks
from reporting.domain.figures import (
    Dashboard,
    Figures,
    Summary,
    UnitFigures,
    ageing,
    burndown,
    burndown_days,
    figures_of,
)
from reporting.domain.periods import Period, local_day, period_of
from reporting.domain.scope import unit_of
from reporting.domain.weeks import DistrictStatus, ReportWeek, WeeklyReport
from reporting.store import reads, weekly

log = logging.getLogger(__name__)


class Reports:
    def __init__(
        self, engine: AsyncEngine, province_code: str, backlog_deadline: date, clock: Clock
    ):
        self._engine = engine
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._province_code = province_code
        self._backlog_deadline = backlog_deadline
        self._clock = clock

    async def figures(
        self, unit_codes: list[str], period: Period, now: datetime
    ) -> dict[str, Figures]:
        """Each unit's figures for the period, its open complaints as of `now`."""
        async with self._reads.connect() as conn:
            counts = await reads.unit_counts(conn, unit_codes, period, now)
        return {
            u: figures_of(
                counts.flows.get(u, {}), counts.open_rows.get(u, ()), counts.overdue_today.get(u, 0)
            )
            for u in unit_codes
        }

    async def _summary(self, unit: Unit, period: Period, now: datetime) -> Summary:
        """The unit's figures, and those of each unit right inside it."""
        children = units().children(unit.code)
        found = await self.figures([unit.code, *(c.code for c in children)], period, now)
        rows = [UnitFigures(c.code, c.name, found[c.code]) for c in children]
        return Summary(unit, found[unit.code], rows)

    async def summary(self, unit_code: str, first: date | None, last: date | None) -> Summary:
        """The unit's figures for the period and those of each unit inside it, each with its
        backlog against the backlog deadline."""
        violations = Violations()
        unit = unit_of(unit_code, self._province_code, violations)
        period = period_of(first, last, violations)
        violations.raise_if_any()
        now = self._clock()
        summary = await self._summary(unit, period, now)
        today = local_day(now)
        codes = [unit.code, *(row.unit_code for row in summary.by_unit)]
        pace = await self.figures(codes, Period(*backlog.pace_days(today)), now)
        summary.backlogs = {
            code: backlog.backlog_of(
                f.pending, f.resolved + f.rejected + f.duplicate, today, self._backlog_deadline
            )
            for code, f in pace.items()
        }
        return summary

    # Weekly reports

    async def weekly(self, unit_code: str, week_text: str) -> WeeklyReport:
        now = self._clock()
        unit, week = weeks.district_week(unit_code, week_text, self._province_code, now)
        return await self._generate(unit, week, now)

    async def export_weekly(
        self, unit_code: str, week_text: str, format_name: str
    ) -> exports.ExportedFile:
        exports.check_format(format_name)
        return exports.exported(await self.weekly(unit_code, week_text), format_name)

    async def submit(self, unit_code: str, week_text: str, note: str) -> WeeklyReport:
        weeks.check_note(note)
        now = self._clock()
        unit, week = weeks.district_week(unit_code, week_text, self._province_code, now)
        weeks.check_period_ended(week, now)
        status = weeks.submission_status(now, week)
        row = await self._save(unit, week, now, status=status, submitted_at=now, note=note)
        if row is None:
            raise AlreadyExists(f"the report of {unit.code} for {week.label} was submitted")
        return weeks.report_of(unit, week, row)

    async def weekly_status(self, week_text: str) -> tuple[ReportWeek, list[DistrictStatus]]:
        now = self._clock()
        week = weeks.status_week(week_text, now)
        districts = units().children(self._province_code)
        async with self._reads.connect() as conn:
            stored = await weekly.weekly_statuses(conn, week.label, (d.code for d in districts))
        return week, weeks.district_statuses(districts, stored, week, now)

    async def _save(self, unit: Unit, week: ReportWeek, now: datetime, draft=False, **values):
        # The change is read before the figures: figures newer than it only make the next
        # read generate again, never pass an older draft for current.
        async with self._reads.connect() as conn:
            change = await weekly.counters_change(conn, unit.code)
        summary = await self._summary(unit, week.period, now)
        async with self._engine.begin() as conn:
            return await weekly.save_weekly_report(
                conn,
                {
                    "unit_code": unit.code,
                    "week": week.label,
                    "figures": weeks.figures_snapshot(summary.figures, summary.by_unit),
                    "generated_at": now,
                    "counters_change": change,
                    "current_at": now,
                    **values,
                },
                draft=draft,
            )

    async def _generate(self, unit: Unit, week: ReportWeek, now: datetime) -> WeeklyReport:
        """The draft with the figures as of now; a submitted report stays as it was sent. The
        stored draft is read as it is while current (no event changed the district's counters
        and no deadline passed since); otherwise generated again, and its generated time
        kept if its figures did not change."""
        async with self._reads.connect() as conn:
            row = await weekly.current_weekly_report(conn, unit.code, week.label, now)
        if row is None:
            row = await self._save(unit, week, now, draft=True, status=weeks.DRAFT)
        if row is None:  # submitted meanwhile
            async with self._reads.connect() as conn:
                row = await weekly.weekly_report(conn, unit.code, week.label)
        return weeks.report_of(unit, week, row)

    async def generate_drafts(self) -> None:
        """Every district's draft of the current week, as of now."""
        now = self._clock()
        week = weeks.week_of(now)
        for district in units().children(self._province_code):
            await self._generate(district, week, now)

    async def generate_drafts_weekly(self, at: time) -> None:
        """Runs for the life of the process: the drafts every Friday at `at`, local time,
        before the 10:00 deadline."""
        while True:
            now = self._clock()
            await asyncio.sleep((weeks.next_generation_at(now, at) - now).total_seconds())
            try:
                await self.generate_drafts()
                log.info("weekly report drafts generated")
            except Exception:
                log.exception("weekly report drafts failed")

    # Dashboard

    async def dashboard(
        self, unit_code: str, first: date | None, last: date | None, deadline: date | None
    ) -> Dashboard:
        violations = Violations()
        unit = unit_of(unit_code, self._province_code, violations)
        period = period_of(first, last, violations)
        now = self._clock()
        today = local_day(now)
        first_day, last_day = burndown_days(first, last, today, violations)
        violations.raise_if_any()
        deadline = deadline or self._backlog_deadline
        summary = await self._summary(unit, period, now)
        async with self._reads.connect() as conn:
            changes = await reads.received_and_closed(conn, unit.code, last_day)
            open_days = await reads.open_by_submitted_day(conn, unit.code)
        return Dashboard(
            unit=unit,
            figures=summary.figures,
            by_unit=summary.by_unit,
            deadline=deadline,
            burndown=burndown(changes, first_day, last_day, deadline),
            ageing=ageing(open_days, today),
        )

    async def chart(
        self,
        kind: str,
        lang: str,
        unit_code: str,
        first: date | None,
        last: date | None,
        deadline: date | None,
    ) -> str:
        """The dashboard's picture of that kind (charts.KINDS), as SVG."""
        lang = charts.chart_language(kind, lang)
        dashboard = await self.dashboard(unit_code, first, last, deadline)
        return charts.chart_svg(kind, dashboard, lang)
