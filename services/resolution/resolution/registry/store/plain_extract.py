"""The extract as PostgreSQL reads it, for a bulk import that checks its rows set-based.

A *plain* file is CSV without quotes or backslashes (domain.extract.plain_header): PostgreSQL's
COPY and the csv module then split it the same way (commas and line ends, nothing else), so the
rows COPYed from it are the rows the csv module reads, numbered alike. PLAIN_ROWS is
RowChecker's verdict as one SQL statement for rows written the usual way: a row it keeps,
RowChecker keeps with the same values. A row written otherwise (spaces around a value, a phone
with separators, a dose number "01"...) is left to RowChecker itself, so the two never disagree
on what is imported; tests/integration/test_registry_set_checks.py holds them to it."""

from phananh_common.people import PLAIN_MOBILE_PATTERNS
from phananh_common.vaccines import VACCINES
from resolution.registry.domain.records import GENDERS
from resolution.registry.domain.rules import (
    CAMPAIGN_START,
    MAX_NAME_LENGTH,
    OLDEST_BIRTH_DATE,
    RecordRules,
)

# What str.strip() takes off a value, as a bracket expression's content.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


# Lengths, joins, translate() and regular expressions without counted repetitions (which cost
# PostgreSQL microseconds a row). A plain phone is 0 or +84 then nine digits, the first not 0
# (people._PLAIN). $1 province, $2 genders, $3 vaccines, $4-$6 PLAIN_MOBILE_PATTERNS anchored,
# $7 what str.strip() takes off, $8 the longest name, $9 the campaign's start. registry_dates
# holds every day from the oldest birth date to today written YYYY-MM-DD (the one writing
# that date.fromisoformat and PostgreSQL read alike).
_DIGITS = "0123456789"
_NATIONAL_NUMBER = "right(r.phone, 9)"
PLAIN_ROWS = f"""SELECT r.line, r.record_id, r.full_name, n.name_key, born.day, r.gender,
    CASE WHEN r.phone = '' THEN '' ELSE '+84' || {_NATIONAL_NUMBER} END,
    r.national_id, r.province_code, r.district_code, r.commune_code,
    nullif(r.dose_number, '')::integer, given.day, r.vaccine_code, r.lot_number,
    r.facility_code
FROM registry_raw r
    JOIN registry_names n USING (full_name)
    JOIN registry_dates born ON born.written = r.date_of_birth
    JOIN registry_places p USING (district_code, commune_code)
    LEFT JOIN registry_dates given ON given.written = r.vaccinated_on
WHERE length(r.record_id) BETWEEN 1 AND 64
    AND r.record_id ~ '^[-A-Za-z0-9._:]+$'
    AND length(r.full_name) BETWEEN 1 AND $8
    AND strpos($7, left(r.full_name, 1)) = 0 AND strpos($7, right(r.full_name, 1)) = 0
    AND r.gender = ANY($2)
    AND (r.phone = '' OR CASE
        WHEN (length(r.phone) = 10 AND left(r.phone, 1) = '0'
                OR length(r.phone) = 12 AND left(r.phone, 3) = '+84')
            AND translate({_NATIONAL_NUMBER}, '{_DIGITS}', '') = ''
            AND left({_NATIONAL_NUMBER}, 1) <> '0'
        THEN {_NATIONAL_NUMBER} ~ $4 AND {_NATIONAL_NUMBER} !~ $5 AND {_NATIONAL_NUMBER} ~ $6
        ELSE false END)
    AND (r.national_id = '' OR length(r.national_id) IN (9, 12)
        AND translate(r.national_id, '{_DIGITS}', '') = '')
    AND r.province_code = $1
    AND ((r.dose_number, r.vaccinated_on, r.vaccine_code, r.lot_number, r.facility_code)
            = ('', '', '', '', '')
        OR r.dose_number IN ('1', '2', '3', '4')
            AND r.vaccine_code = ANY($3)
            AND length(r.lot_number) <= 40
            AND r.lot_number ~ '^[-A-Za-z0-9./]*$'
            AND (r.facility_code = '' OR length(r.facility_code) <= 20
                AND r.facility_code ~ '^[-A-Za-z0-9._]+$'))
    -- The dose's date on its own: only this needs the join's row, and the rest is not
    -- evaluated again after it.
    AND (r.dose_number = '' OR given.day >= $9)"""


def plain_rows_arguments(rules: RecordRules) -> list:
    """PLAIN_ROWS's arguments."""
    return [
        rules.province_code,
        list(GENDERS),
        list(VACCINES),
        *(f"^(?:{p})$" for p in PLAIN_MOBILE_PATTERNS),
        _WHITESPACE,
        MAX_NAME_LENGTH,
        CAMPAIGN_START,
    ]


def dates_arguments(rules: RecordRules) -> tuple:
    """The first and last day of registry_dates."""
    return OLDEST_BIRTH_DATE, rules.today
