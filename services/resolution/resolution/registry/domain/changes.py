"""What a change of a record touched, as the registry's history and the electronic health
book tell it. No I/O."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from resolution.registry.domain.extract import ExtractRow
from resolution.registry.domain.records import Dose, Person, Record

# Where a history entry's change came from, by its action; any other action is a case's.
SOURCES = {"MERGED": "MERGE", "IMPORTED": "IMPORT", "IMPORT": "IMPORT"}


@dataclass(frozen=True)
class Origin:
    """Who made a change, through which case (None: an import)."""

    actor: str
    case_id: uuid.UUID | None = None
    tracking_code: str = ""

    @property
    def source(self) -> str:
        return "CASE" if self.case_id else "IMPORT"


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a record as its history shows it."""

    at: datetime
    actor: str
    action: str
    case_id: uuid.UUID | None
    # The record before (None: the change created it) and after, as the history keeps them.
    before: dict | None
    after: dict | None

    @property
    def source(self) -> str:
        """CASE, IMPORT or MERGE."""
        return SOURCES.get(self.action, "CASE")


def affected_doses(before: Record | None, after: Record) -> list[tuple[Dose, bool]]:
    """(dose, removed) for each dose the change added, changed, moved onto the record or
    removed (as it stood); every dose of the record when the person changed (each points at
    the person as the health book knows it)."""
    known = {d.dose_id: d for d in before.doses} if before else {}
    person_changed = before is None or before.person != after.person
    standing = [(d, False) for d in after.doses if person_changed or known.get(d.dose_id) != d]
    kept = {d.dose_id for d in after.doses}
    return standing + [(d, True) for d in known.values() if d.dose_id not in kept]


def refreshed(
    record: Record, rows: Sequence[ExtractRow], new_dose_id: Callable[[], uuid.UUID]
) -> Record | None:
    """The record as a re-imported extract's rows hold it: their person, their doses (one
    matched by its number keeps its id; one the rows lack is gone); None when the rows hold
    it as it is."""
    person = Person(*(getattr(rows[0], f) for f in Person.__dataclass_fields__))
    known = {d.dose_number: d.dose_id for d in record.doses}
    doses = sorted(
        (
            Dose(
                known.get(r.dose_number) or new_dose_id(),
                r.dose_number,
                r.vaccinated_on,
                r.vaccine_code,
                r.lot_number,
                r.facility_code,
            )
            for r in rows
            if r.dose_number is not None
        ),
        key=lambda d: (d.vaccinated_on, d.dose_number),
    )
    if person == record.person and set(doses) == set(record.doses):
        return None
    return replace(record, person=person, doses=tuple(doses))
