"""The vaccines used in Vietnam in 2021: intake checks claims against them, resolution counts
a full course with them, the portal lists them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Vaccine:
    code: str
    name: str
    doses_for_full_course: int
    # The shortest interval between two doses, from the Ministry of Health's guidance; a
    # shorter one is shown to the officer as a warning, not refused.
    min_days_between_doses: int


VACCINES: dict[str, Vaccine] = {
    v.code: v
    for v in (
        Vaccine("AZ", "AstraZeneca", 2, 28),
        Vaccine("VERO", "Sinopharm Vero Cell", 2, 21),
        Vaccine("PFIZER", "Pfizer-BioNTech", 2, 21),
        Vaccine("MODERNA", "Moderna", 2, 28),
        Vaccine("SPUTNIK", "Sputnik V", 2, 21),
        Vaccine("ABDALA", "Abdala", 3, 14),
        Vaccine("JANSSEN", "Janssen", 1, 56),
        Vaccine("HAYAT", "Hayat-Vax", 2, 21),
    )
}
