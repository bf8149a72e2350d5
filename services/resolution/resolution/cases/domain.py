"""The rules of a case: where a complaint goes, its deadline while it is worked, which
statuses are still open, what a duplicate's citizen is told, and the officers' daily digest of
deadlines. No I/O."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from phananh_common.local_time import LOCAL_ZONE
from phananh_common.units import COMMUNE, DISTRICT, Units

OPEN = ("RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO")
CLOSED = ("RESOLVED", "REJECTED", "DUPLICATE")
AT_RISK_WITHIN = timedelta(hours=24)


def opens_review(status: str, case_unit: str, reader_unit: str) -> bool:
    """An officer of the team that holds an assigned case opens it: the review starts. Those
    above who read it (a district over a commune's case, the province over overdue ones)
    leave it waiting for its team."""
    return status == "ASSIGNED" and case_unit == reader_unit


# What a duplicate's citizen reads of an original sent from another phone, in place of its
# code (the SMS: "Phản ánh … trùng với phản ánh đã gửi trước đó. Kết quả sẽ được báo theo mã đó.").
EARLIER = "đã gửi trước đó"


def told_of_original(shown_code: str, same_phone: bool) -> str:
    """What a duplicate's citizen is told of its original: the code when both came from the
    same phone; from another, the original may be a stranger's, found by its identity number."""
    return shown_code if same_phone else EARLIER


@dataclass(frozen=True)
class Place:
    district_code: str
    commune_code: str = ""


@dataclass(frozen=True)
class ClaimedFacility:
    dose_number: int
    place: Place


def routed_place(
    facilities: Sequence[ClaimedFacility], address: Place, province_code: str, units: Units
) -> Place | None:
    """Where the complaint belongs: the district (and commune) of the facility that gave the
    latest claimed dose (the national rule routes by vaccination site), else of the citizen's
    address; None when neither lies in the province."""
    by_latest_dose = sorted(facilities, key=lambda f: -f.dose_number)
    for place in [f.place for f in by_latest_dose] + [address]:
        district = units.get(place.district_code)
        if district and district.level == DISTRICT and district.parent_code == province_code:
            commune = units.get(place.commune_code)
            inside = commune and commune.level == COMMUNE and commune.parent_code == district.code
            return Place(district.code, place.commune_code if inside else "")
    return None


def route(place: Place | None, province_code: str, commune_has_team: bool) -> str:
    """The unit whose team takes the case: the commune when it has an active team, else the
    district; the province queue when the complaint cannot be placed."""
    if place is None:
        return province_code
    if place.commune_code and commune_has_team:
        return place.commune_code
    return place.district_code


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


def resumed_due_at(due_at: datetime, paused_at: datetime | None, resumed_at: datetime) -> datetime:
    """The deadline moved by the time the case waited for the citizen."""
    return due_at + (resumed_at - paused_at) if paused_at else due_at


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int = 0
    at_risk: int = 0

    def __add__(self, other: "DeadlineCounts") -> "DeadlineCounts":
        return DeadlineCounts(self.overdue + other.overdue, self.at_risk + other.at_risk)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.at_risk)


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
