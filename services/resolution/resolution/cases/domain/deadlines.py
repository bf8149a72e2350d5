"""A case's deadline while it is worked, which statuses are still open, and the officers' daily
digest of deadlines (the cases' and the facilities' re-checks'). No I/O."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from phananh_common.local_time import LOCAL_ZONE
from phananh_common.statuses import ASSIGNED, IN_REVIEW, NEEDS_INFO, RECEIVED
from phananh_common.units import Units

# The statuses of a case still worked (phananh_common.statuses.CLOSED: the others).
OPEN = (RECEIVED, ASSIGNED, IN_REVIEW, NEEDS_INFO)
AT_RISK_WITHIN = timedelta(hours=24)


@dataclass(frozen=True)
class DeadlineFlags:
    overdue: bool
    at_risk: bool


def deadline_flags(
    status: str, due_at: datetime, paused_at: datetime | None, now: datetime
) -> DeadlineFlags:
    """Overdue: an open case past its deadline (it stays so until it is closed). At risk: due
    within 24 hours. While the team waits for the citizen (paused_at) the clock stands still."""
    if status not in OPEN:
        return DeadlineFlags(False, False)
    reference = paused_at or now
    overdue = due_at <= reference
    return DeadlineFlags(overdue, not overdue and due_at - reference <= AT_RISK_WITHIN)


def end_of_local_day(now: datetime) -> datetime:
    """The next local midnight: what is due before it is due today."""
    local = now.astimezone(LOCAL_ZONE)
    return datetime.combine(local.date() + timedelta(days=1), time(0), LOCAL_ZONE)


def resumed_due_at(due_at: datetime, paused_at: datetime | None, resumed_at: datetime) -> datetime:
    """The deadline moved by the time the case waited for the citizen."""
    return due_at + (resumed_at - paused_at) if paused_at else due_at


@dataclass(frozen=True)
class QueueCounts:
    """A queue's cases on every page: all, overdue, due today."""

    total: int
    overdue: int
    due_today: int


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int = 0
    at_risk: int = 0
    # Facilities' re-checks past their time, counted in the facility's district.
    overdue_rechecks: int = 0

    def __add__(self, other: "DeadlineCounts") -> "DeadlineCounts":
        return DeadlineCounts(
            self.overdue + other.overdue,
            self.at_risk + other.at_risk,
            self.overdue_rechecks + other.overdue_rechecks,
        )

    def __bool__(self) -> bool:
        return bool(self.overdue or self.at_risk or self.overdue_rechecks)


def added(*by_unit: Mapping[str, DeadlineCounts]) -> dict[str, DeadlineCounts]:
    """Counts of several kinds (the cases', the re-checks'), added up by unit."""
    total: dict[str, DeadlineCounts] = {}
    for counts in by_unit:
        for unit, c in counts.items():
            total[unit] = total.get(unit, DeadlineCounts()) + c
    return total


def counts_inside(unit_code: str, by_unit: Mapping[str, DeadlineCounts], units: Units):
    """A unit's counts as its queue shows them: its own cases and those of the units below."""
    return sum(
        (c for code, c in by_unit.items() if units.covers(unit_code, code)), DeadlineCounts()
    )


def next_digest_at(now: datetime, at: time) -> datetime:
    """The next instant the daily digest is due: today's `at` (local time) if still ahead,
    else tomorrow's."""
    local = now.astimezone(LOCAL_ZONE)
    today = datetime.combine(local.date(), at, LOCAL_ZONE)
    return today if today > local else datetime.combine(local.date() + timedelta(1), at, LOCAL_ZONE)
