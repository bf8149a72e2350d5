"""What a facility re-checks after an approval: which facilities, the changes to their doses,
the citizen as the facility sees it, by when. No I/O."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from resolution.cases.domain.corrections import DoseChange
from resolution.cases.domain.records import RecheckRow
from resolution.registry.domain.records import Person

PENDING = "PENDING"


@dataclass(frozen=True)
class RecheckCitizen:
    """Enough of the person to find the record in the facility's own book."""

    full_name: str
    date_of_birth: date
    national_id_last4: str


@dataclass(frozen=True)
class Recheck:
    row: RecheckRow
    citizen: RecheckCitizen | None
    due_at: datetime
    overdue: bool


def changes_by_facility(changes: Iterable[DoseChange]) -> dict[str, list[DoseChange]]:
    """The facility that gave each changed dose (as it now stands), with its changes; a dose
    without a facility is nobody's to re-check."""
    found: dict[str, list[DoseChange]] = {}
    for change in changes:
        if change.after.facility_code:
            found.setdefault(change.after.facility_code, []).append(change)
    return found


def seen(row: RecheckRow, person: Person | None, hours: float, now: datetime) -> Recheck:
    """The re-check as it is read at `now`: due `hours` after it opened, overdue while it
    waits past that."""
    due_at = row.created_at + timedelta(hours=hours)
    citizen = (
        RecheckCitizen(person.full_name, person.date_of_birth, person.national_id[-4:])
        if person
        else None
    )
    return Recheck(row, citizen, due_at, row.status == PENDING and due_at <= now)
