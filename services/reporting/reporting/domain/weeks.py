"""The weekly report: each district reports an ISO week to the province before 10:00 on that
week's Friday, covering the seven days that end at 00:00 that Friday (Asia/Ho_Chi_Minh); the
checks of a request for it, its statuses and the report as stored. No I/O."""

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from phananh_common.errors import FailedPrecondition, InvalidArgument, Violations
from phananh_common.units import Unit
from reporting.domain.figures import Figures, UnitFigures
from reporting.domain.periods import FRIDAY, Period, local_day, start_of
from reporting.domain.scope import unit_of

DEADLINE_TIME = time(10)
NOTE_MAX_CHARS = 2000
_WEEK = re.compile(r"(\d{4})-W(\d{2})")

DRAFT, SUBMITTED, LATE, MISSING = "DRAFT", "SUBMITTED", "LATE", "MISSING"


@dataclass(frozen=True)
class ReportWeek:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def friday(self) -> date:
        return date.fromisocalendar(self.year, self.number, FRIDAY)

    @property
    def period(self) -> Period:
        return Period(self.friday - timedelta(days=7), self.friday - timedelta(days=1))

    @property
    def deadline(self) -> datetime:
        return start_of(self.friday, DEADLINE_TIME)


def parse_week(text: str, violations: Violations, field: str = "week") -> ReportWeek | None:
    """ "2021-W40" → the week; a violation for anything that is not an existing ISO week."""
    match = _WEEK.fullmatch(text)
    if match:
        year, number = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, number, 1)
            return ReportWeek(year, number)
        except ValueError:
            pass
    violations.add(field, "must be an ISO week that exists, e.g. 2021-W40")
    return None


def district_week(
    unit_code: str, week_text: str, province_code: str, now: datetime
) -> tuple[Unit, ReportWeek]:
    """The district and the week a report is asked of: violations unless the week has begun."""
    violations = Violations()
    unit = unit_of(unit_code, province_code, violations, district=True)
    week = parse_week(week_text, violations)
    if week and week.period.start > now:
        violations.add("week", "has not begun")
    violations.raise_if_any()
    return unit, week


def status_week(week_text: str, now: datetime) -> ReportWeek:
    """The week the province asks about: the one named, else the current one."""
    if not week_text:
        return week_of(now)
    violations = Violations()
    week = parse_week(week_text, violations)
    violations.raise_if_any()
    return week


def week_of(instant: datetime) -> ReportWeek:
    """The week whose report is due on the Friday of the local week `instant` falls in."""
    year, number, _ = local_day(instant).isocalendar()
    return ReportWeek(year, number)


def check_note(note: str) -> None:
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidArgument.on("note", f"must be at most {NOTE_MAX_CHARS} characters")


def check_period_ended(week: ReportWeek, now: datetime) -> None:
    """A week's report is sent once its period has ended."""
    if now < week.period.end:
        raise FailedPrecondition(f"the period of {week.label} has not ended yet")


def submission_status(submitted_at: datetime, week: ReportWeek) -> str:
    return SUBMITTED if submitted_at <= week.deadline else LATE


def is_late(status: str, week: ReportWeek, now: datetime) -> bool:
    """Sent after the deadline, or still not sent when the deadline has passed."""
    return status == LATE or (status in (MISSING, DRAFT) and now > week.deadline)


def next_generation_at(now: datetime, at: time) -> datetime:
    """The next Friday `at` local time strictly after `now`: when the drafts are generated."""
    day = local_day(now)
    candidate = start_of(day + timedelta(days=(FRIDAY - day.isoweekday()) % 7), at)
    return candidate if candidate > now else candidate + timedelta(days=7)


@dataclass
class WeeklyReport:
    unit_code: str
    unit_name: str
    week: str
    period_start: datetime
    period_end: datetime
    deadline: datetime
    status: str
    totals: Figures
    rows: list[UnitFigures]
    generated_at: datetime
    submitted_at: datetime | None = None
    note: str = ""


def figures_snapshot(totals: Figures, rows: list[UnitFigures]) -> dict:
    """The figures as stored with a generated or submitted report (JSON)."""
    return {"totals": asdict(totals), "rows": [asdict(r) for r in rows]}


def figures_from_snapshot(snapshot: dict) -> tuple[Figures, list[UnitFigures]]:
    rows = [
        UnitFigures(r["unit_code"], r["unit_name"], Figures(**r["figures"]))
        for r in snapshot["rows"]
    ]
    return Figures(**snapshot["totals"]), rows


def report_of(unit: Unit, week: ReportWeek, stored) -> WeeklyReport:
    """The report as stored (a row of weekly_reports' columns)."""
    totals, rows = figures_from_snapshot(stored.figures)
    period = week.period
    return WeeklyReport(
        unit_code=unit.code,
        unit_name=unit.name,
        week=week.label,
        period_start=period.start,
        period_end=period.end,
        deadline=week.deadline,
        status=stored.status,
        totals=totals,
        rows=rows,
        generated_at=stored.generated_at,
        submitted_at=stored.submitted_at,
        note=stored.note,
    )


@dataclass
class DistrictStatus:
    unit: Unit
    status: str
    submitted_at: datetime | None
    late: bool


def district_statuses(
    districts: list[Unit], stored: dict[str, tuple], week: ReportWeek, now: datetime
) -> list[DistrictStatus]:
    """Each district's report of the week: `stored`, (status, submitted_at) by district, for
    those that have one; MISSING for the others."""
    found = []
    for district in districts:
        status, submitted_at = stored.get(district.code, (MISSING, None))
        found.append(DistrictStatus(district, status, submitted_at, is_late(status, week, now)))
    return found
