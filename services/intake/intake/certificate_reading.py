"""What a photo of a vaccination paper says, from the text OCR read on it, and how that
compares with the complaint's claim: the kind of paper, the full name, the birth date and each
dose's date, vaccine and lot where printed. Labels are found with diacritics and case folded
(OCR drops or swaps accents); names compare folded alike. No I/O."""

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from intake.domain import Complaint, Dose
from phananh_common.people import fold, without_diacritics

VACCINATION_CERTIFICATE = "VACCINATION_CERTIFICATE"
SCREENING_FORM = "SCREENING_FORM"
UNKNOWN = "UNKNOWN"

# How each vaccine is printed (folded), by the code claims use.
_VACCINE_NAMES = {
    "AZ": ("astrazen", "covishield"),
    "VERO": ("vero", "sinopharm"),
    "PFIZER": ("pfizer", "comirnaty"),
    "MODERNA": ("moderna", "spikevax"),
    "SPUTNIK": ("sputnik",),
    "ABDALA": ("abdala",),
    "JANSSEN": ("janssen",),
    "HAYAT": ("hayat",),
}
# Dates as Vietnamese papers print them: 05/03/1990, 5-3-1990, 05.03.1990, or in words.
_DATE = re.compile(r"(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})")
_DATE_IN_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_NAME_LABEL = re.compile(r"^\W*ho\s*(?:va\s*)?ten\s*[:.]?\s*", re.IGNORECASE)
_BIRTH_LABEL = re.compile(r"ngay\s*(?:,\s*thang\s*,\s*nam\s*)?sinh|nam\s*sinh")
_DOSE_LABEL = re.compile(r"mui\s*(?:thu\s*)?(\d)")
# "Số lô:", which OCR also reads as "Số lê", "Số lồ"…
_LOT = re.compile(r"\bso\s*l[a-z]\s*[:.]?\s*([a-z0-9][a-z0-9-]{2,})", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    document_kind: str
    full_name: str | None = None
    date_of_birth: date | None = None
    doses: tuple[Dose, ...] = ()


def _date_in(folded: str) -> date | None:
    for pattern in (_DATE_IN_WORDS, _DATE):
        for day, month, year in pattern.findall(folded):
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def _kind(folded_text: str) -> str:
    if "sang loc" in folded_text:
        return SCREENING_FORM
    if "chung nhan" in folded_text and ("tiem" in folded_text or "vac xin" in folded_text):
        return VACCINATION_CERTIFICATE
    return UNKNOWN


def _full_name(line: str) -> str | None:
    plain = without_diacritics(line)
    label = _NAME_LABEL.match(plain)
    if not label:
        return None
    # Diacritics removal keeps one character for each, so the label's end is the same index.
    name = " ".join(re.sub(r"[^\w\s]", " ", line[label.end() :]).split())
    return name or None


def _dose(line: str, folded: str) -> Dose | None:
    number = _DOSE_LABEL.search(folded)
    if not number:
        return None
    vaccine = next(
        (code for code, names in _VACCINE_NAMES.items() if any(n in folded for n in names)), ""
    )
    lot = _LOT.search(without_diacritics(line))
    return Dose(
        dose_number=int(number.group(1)),
        vaccinated_on=_date_in(folded[number.end() :]),
        vaccine_code=vaccine,
        lot_number=lot.group(1).upper() if lot else "",
        facility_code="",
    )


def read(text: str) -> Reading:
    """The fields printed on the paper, from its OCR text; None or empty where not found."""
    full_name, born, doses, last = None, None, {}, None
    for line in unicodedata.normalize("NFC", text).splitlines():
        folded = fold(line)
        if not folded:
            continue
        if full_name is None:
            full_name = _full_name(line)
        if born is None and _BIRTH_LABEL.search(folded):
            born = _date_in(folded)
        dose = _dose(line, folded)
        if dose and dose.dose_number not in doses:
            doses[dose.dose_number] = last = dose
        elif doses and not last.lot_number and (lot := _LOT.search(without_diacritics(line))):
            # The lot wrapped onto the next line.
            doses[last.dose_number] = last = replace(last, lot_number=lot.group(1).upper())
    return Reading(_kind(fold(text)), full_name, born, tuple(doses[n] for n in sorted(doses)))


def _field(read_value, claimed_value, same) -> dict:
    return {
        "read": read_value,
        "claimed": claimed_value,
        "agrees": None if read_value in (None, "") else same(read_value, claimed_value),
    }


def _dose_checks(read_dose: Dose, claimed: Dose | None) -> dict:
    printed = {
        "vaccinated_on": read_dose.vaccinated_on and read_dose.vaccinated_on.isoformat(),
        "vaccine_code": read_dose.vaccine_code or None,
        "lot_number": read_dose.lot_number or None,
    }
    wanted = {
        "vaccinated_on": claimed and claimed.vaccinated_on.isoformat(),
        "vaccine_code": claimed and claimed.vaccine_code,
        "lot_number": claimed and claimed.lot_number.upper(),
    }
    # Only what both the paper and the claim name is compared (a claim may leave the lot out).
    compared_fields = [f for f, v in printed.items() if v is not None and wanted[f]]
    differing = [f for f in compared_fields if printed[f] != wanted[f]]
    return {
        "dose_number": read_dose.dose_number,
        **printed,
        "differing": differing,
        "agrees": not differing if compared_fields else None,
    }


def compared(reading: Reading, claim: Complaint) -> dict:
    """The checks' `document_kind` and `fields`: each field read beside the claim's, and
    whether they agree (None where nothing was read)."""
    claimed_doses = {d.dose_number: d for d in claim.claimed_doses}
    born = reading.date_of_birth
    return {
        "document_kind": reading.document_kind,
        "fields": {
            "full_name": _field(
                reading.full_name, claim.citizen.full_name, lambda a, b: fold(a) == fold(b)
            ),
            "date_of_birth": _field(
                born and born.isoformat(), claim.citizen.date_of_birth.isoformat(), str.__eq__
            ),
            "doses": [_dose_checks(d, claimed_doses.get(d.dose_number)) for d in reading.doses],
        },
    }


def agrees_with_claim(checks: dict, blurry: bool) -> bool | None:
    """A readable certificate whose every field read agrees with the claim: True; any field
    that differs, a screening form or a blurred photo: False; nothing read: None."""
    fields = checks["fields"]
    verdicts = [fields["full_name"]["agrees"], fields["date_of_birth"]["agrees"]]
    verdicts += [d["agrees"] for d in fields["doses"]]
    read_any = [v for v in verdicts if v is not None]
    if checks["document_kind"] == SCREENING_FORM or blurry:
        return False
    if not read_any or checks["document_kind"] != VACCINATION_CERTIFICATE:
        return None
    return all(read_any)
