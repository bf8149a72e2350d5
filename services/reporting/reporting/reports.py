"""The reports as the officers ask for them: checks the request, reads the counters through
the store, and puts the figures together with the domain's rules (figures, weeks, periods).
The clock is injected, so that tests can stand on either side of a deadline."""

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from phananh_common.errors import AlreadyExists, FailedPrecondition, Violations
from phananh_common.local_time import Clock
from phananh_common.units import DISTRICT, Unit, units
from reporting.domain import weeks
from reporting.domain.figures import BacklogDay, Figures, UnitFigures, ageing, burndown
from reporting.domain.periods import Period, local_day, period_of
from reporting.domain.weeks import ReportWeek, WeeklyReport, parse_week, week_of
from reporting.store import ReportingStore

log = logging.getLogger(__name__)

NOTE_MAX_CHARS = 2000
BURNDOWN_DEFAULT_DAYS = 28
BURNDOWN_MAX_DAYS = 366


@dataclass
class Summary:
    unit: Unit
    figures: Figures
    by_unit: list[UnitFigures]


@dataclass
class Dashboard(Summary):
    deadline: date
    burndown: list[BacklogDay]
    ageing: dict[str, int]


@dataclass
class DistrictStatus:
    unit: Unit
    status: str
    submitted_at: datetime | None
    late: bool


class Reports:
    def __init__(
        self, store: ReportingStore, province_code: str, backlog_deadline: date, clock: Clock
    ):
        self._store = store
        self._province_code = province_code
        self._backlog_deadline = backlog_deadline
        self._clock = clock

    def _unit(self, code: str, violations: Violations, *, district: bool = False) -> Unit | None:
        code = code or ("" if district else self._province_code)
        unit = units().get(code)
        if unit is None or not units().covers(self._province_code, code):
            violations.add("unit_code", f"must be a unit of province {self._province_code}")
            return None
        if district and unit.level != DISTRICT:
            violations.add("unit_code", "must be a district")
            return None
        return unit

    async def _figures(self, unit: Unit, period: Period, now: datetime) -> Summary:
        children = units().children(unit.code)
        found = await self._store.figures([unit.code, *(c.code for c in children)], period, now)
        rows = [UnitFigures(c.code, c.name, found[c.code]) for c in children]
        return Summary(unit, found[unit.code], rows)

    async def summary(self, unit_code: str, first: date | None, last: date | None) -> Summary:
        violations = Violations()
        unit = self._unit(unit_code, violations)
        period = period_of(first, last, violations)
        violations.raise_if_any()
        return await self._figures(unit, period, self._clock())

    # Weekly reports

    def _district_week(self, unit_code: str, week_text: str) -> tuple[Unit, ReportWeek]:
        violations = Violations()
        unit = self._unit(unit_code, violations, district=True)
        week = parse_week(week_text, violations)
        if week and week.period.start > self._clock():
            violations.add("week", "has not begun")
        violations.raise_if_any()
        return unit, week

    def _report(self, unit: Unit, week: ReportWeek, row) -> WeeklyReport:
        totals, rows = weeks.figures_from_snapshot(row.figures)
        period = week.period
        return WeeklyReport(
            unit_code=unit.code,
            unit_name=unit.name,
            week=week.label,
            period_start=period.start,
            period_end=period.end,
            deadline=week.deadline,
            status=row.status,
            totals=totals,
            rows=rows,
            generated_at=row.generated_at,
            submitted_at=row.submitted_at,
            note=row.note,
        )

    async def _save(self, unit: Unit, week: ReportWeek, now: datetime, draft=False, **values):
        # The change is read before the figures: figures newer than it only make the next
        # read generate again, never pass an older draft for current.
        change = await self._store.counters_change(unit.code)
        summary = await self._figures(unit, week.period, now)
        return await self._store.save_weekly_report(
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
        row = await self._store.current_weekly_report(unit.code, week.label, now)
        if row is None:
            row = await self._save(unit, week, now, draft=True, status=weeks.DRAFT)
            row = row or await self._store.weekly_report(unit.code, week.label)
        return self._report(unit, week, row)

    async def weekly(self, unit_code: str, week_text: str) -> WeeklyReport:
        unit, week = self._district_week(unit_code, week_text)
        return await self._generate(unit, week, self._clock())

    async def submit(self, unit_code: str, week_text: str, note: str) -> WeeklyReport:
        if len(note) > NOTE_MAX_CHARS:
            violations = Violations()
            violations.add("note", f"must be at most {NOTE_MAX_CHARS} characters")
            violations.raise_if_any()
        unit, week = self._district_week(unit_code, week_text)
        now = self._clock()
        if now < week.period.end:
            raise FailedPrecondition(f"the period of {week.label} has not ended yet")
        status = weeks.submission_status(now, week)
        row = await self._save(unit, week, now, status=status, submitted_at=now, note=note)
        if row is None:
            raise AlreadyExists(f"the report of {unit.code} for {week.label} was submitted")
        return self._report(unit, week, row)

    async def weekly_status(self, week_text: str) -> tuple[ReportWeek, list[DistrictStatus]]:
        now = self._clock()
        if week_text:
            violations = Violations()
            week = parse_week(week_text, violations)
            violations.raise_if_any()
        else:
            week = week_of(now)
        districts = units().children(self._province_code)
        found = await self._store.weekly_statuses(week.label, (d.code for d in districts))
        statuses = []
        for district in districts:
            status, submitted_at = found.get(district.code, (weeks.MISSING, None))
            late = weeks.is_late(status, week, now)
            statuses.append(DistrictStatus(district, status, submitted_at, late))
        return week, statuses

    async def generate_drafts(self) -> None:
        """Every district's draft of the current week, as of now."""
        now = self._clock()
        week = week_of(now)
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
        unit = self._unit(unit_code, violations)
        period = period_of(first, last, violations)
        now = self._clock()
        today = local_day(now)
        last_day = last or today
        first_day = first or last_day - timedelta(days=BURNDOWN_DEFAULT_DAYS - 1)
        if (last_day - first_day).days >= BURNDOWN_MAX_DAYS:
            violations.add("from_date", f"the burn-down shows at most {BURNDOWN_MAX_DAYS} days")
        violations.raise_if_any()
        summary = await self._figures(unit, period, now)
        deadline = deadline or self._backlog_deadline
        changes = await self._store.received_and_closed(unit.code, last_day)
        open_days = await self._store.open_by_submitted_day(unit.code)
        return Dashboard(
            unit=unit,
            figures=summary.figures,
            by_unit=summary.by_unit,
            deadline=deadline,
            burndown=burndown(changes, first_day, last_day, deadline),
            ageing=ageing(open_days, today),
        )
