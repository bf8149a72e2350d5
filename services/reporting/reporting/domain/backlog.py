"""The backlog against its deadline, as a province sees it coming: how many complaints are
open, how many a day must close to finish by the deadline, how many a day closed over the last
seven days, and when the backlog ends at that pace. No I/O."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

# The pace is the closures of the last seven days, today included.
PACE_DAYS = 7


@dataclass(frozen=True)
class Backlog:
    deadline: date
    open: int
    # Whole days from today to the deadline; negative once it has passed.
    days_left: int
    # Closures a day still needed (the deadline's day included); all of them once it passed.
    needed_per_day: float
    rate_7d: float
    # At the last seven days' pace; None when nothing closed in them and some remain open.
    projected_finish: date | None
    on_track: bool


def backlog_of(open_now: int, closed_last_days: int, today: date, deadline: date) -> Backlog:
    days_left = (deadline - today).days
    rate = round(closed_last_days / PACE_DAYS, 1)
    needed = round(open_now / max(days_left + 1, 1), 1)
    if open_now == 0:
        finish = today
    elif closed_last_days:
        finish = today + timedelta(days=math.ceil(open_now * PACE_DAYS / closed_last_days))
    else:
        finish = None
    return Backlog(
        deadline=deadline,
        open=open_now,
        days_left=days_left,
        needed_per_day=needed,
        rate_7d=rate,
        projected_finish=finish,
        # Nothing open is never behind, even past the deadline.
        on_track=open_now == 0 or (finish is not None and finish <= deadline),
    )


def pace_days(today: date) -> tuple[date, date]:
    """The first and last day the pace is read from."""
    return today - timedelta(days=PACE_DAYS - 1), today
