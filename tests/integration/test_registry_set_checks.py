"""The registry import's two ways through a file agree: the set-based checks of a plain file
(resolution.registry.store.plain_extract) keep a row only when the csv module and RowChecker keep
it, with the same values, on generated rows good and bad; they keep the rows the portal
writes; and a file either way imports the same records."""

import contextlib
import io
import uuid
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phananh_common.csv_files import file_rows
from phananh_common.database import create_engine
from phananh_common.embedded_postgres import provision_services
from phananh_common.errors import InvalidArgument
from phananh_common.units import units
from phananh_common.vaccines import VACCINES
from resolution.registry.domain.extract import HEADER, RowChecker
from resolution.registry.domain.records import GENDERS, name_key
from resolution.registry.domain.rules import CAMPAIGN_START, RecordRules
from resolution.registry.service.imports import import_extract, plain_chunks
from resolution.registry.store.staging import RegistryImport
from tests.harness import scalar
from tests.integration.registry import dose, extract

TODAY = date(2021, 11, 1)
RULES = RecordRules("75", units(), TODAY)
PLACES = RULES.places()
# Anything but what would make the file not plain (quotes, backslashes) or split a cell.
CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters='",\\\r\n\x00'),
    max_size=12,
)
SPACES = st.sampled_from(["", " ", "\t", "\xa0", "\u3000", "\x1c", "\x85"])
CODES = st.from_regex(r"[A-Za-z0-9._:/-]{0,22}", fullmatch=True)


def around(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The values, sometimes with whitespace around them."""
    return st.builds(lambda a, v, b: a + v + b, SPACES, values, SPACES)


def isoformat(low: date, high: date) -> st.SearchStrategy[str]:
    return st.dates(low, high).map(date.isoformat)


def digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=low, max_size=high)


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


NAMES = st.text("aăâbcdđeêghiklmnoôơpqrstuưvxyĐÂẾỄỒỮ ", min_size=1, max_size=100).filter(
    lambda n: n == n.strip()
)
ODD_DATES = st.one_of(
    isoformat(date(1890, 1, 1), date(2030, 12, 31)),
    st.sampled_from(["20210405", "2021-W14-1", "2021-02-29", "1985-4-12", "2021-04-05T00:00"]),
)
# Each column: values as the portal writes them, and odd ones (most of them refused).
COLUMNS = [
    (
        st.from_regex(r"[A-Za-z0-9._:-]{1,64}", fullmatch=True),
        st.one_of(st.from_regex(r"[A-Za-z0-9/]{0,70}", fullmatch=True), CELL_TEXT),
    ),
    (NAMES, st.one_of(st.text(" aĐ\u0301", max_size=110), CELL_TEXT)),
    (isoformat(date(1900, 1, 1), TODAY), ODD_DATES),
    (st.sampled_from(GENDERS), st.sampled_from(["F", "male", "", "Male"])),
    (
        st.one_of(st.just(""), joined(st.sampled_from(["0", "+84"]), digits(9, 9))),
        st.one_of(
            joined(st.sampled_from(["0", "+84", "84", "", "+840", "00"]), digits(7, 11)),
            st.sampled_from(["091 234 5678", "0912-345-678", "(091) 2345678", "٠٩١٢٣٤٥٦٧٨"]),
            CELL_TEXT,
        ),
    ),
    (
        st.one_of(st.just(""), digits(9, 9), digits(12, 12)),
        st.one_of(digits(0, 13), st.just("٠٧٥١٨٥٠٠٠١٢٣"), CELL_TEXT),
    ),
    (st.just("75"), st.sampled_from(["79", "", "075", "7"])),
    (st.nothing(), st.one_of(st.sampled_from([p[0] for p in PLACES]), CODES)),
    (st.nothing(), st.one_of(st.sampled_from([p[1] for p in PLACES]), CODES)),
    (st.sampled_from("1234"), st.sampled_from(["", "5", "0", "01", "٣", "1.0"])),
    (isoformat(CAMPAIGN_START, TODAY), st.one_of(ODD_DATES, st.just(""))),
    (st.sampled_from(list(VACCINES)), st.sampled_from(["", "SPUTNIK-LIGHT", "az"])),
    (
        st.from_regex(r"[A-Za-z0-9./-]{0,40}", fullmatch=True),
        st.one_of(st.from_regex(r"[A-Za-z0-9_ ]{1,42}", fullmatch=True), CELL_TEXT),
    ),
    (
        st.one_of(st.just(""), st.from_regex(r"[A-Za-z0-9._-]{1,20}", fullmatch=True)),
        st.one_of(st.from_regex(r"[A-Za-z0-9:]{1,22}", fullmatch=True), CELL_TEXT),
    ),
]


@st.composite
def rows(draw) -> list[str]:
    """A row as the portal writes it (with doses or without), then a few cells made odd."""
    cells = [draw(good) for good, _ in COLUMNS[:7]]
    cells += draw(st.sampled_from(PLACES))
    if draw(st.booleans()):
        cells += [draw(good) for good, _ in COLUMNS[9:]]
    else:
        cells += [""] * 5
    for column in draw(st.lists(st.integers(0, len(HEADER) - 1), max_size=2)):
        cells[column] = draw(around(COLUMNS[column][1]))
    for column in draw(st.lists(st.integers(0, len(HEADER) - 1), max_size=1)):
        cells[column] = draw(around(st.just(cells[column])))
    return cells


@pytest.fixture(scope="module")
async def engine(admin_url, migrated_templates):
    prefix = f"s{uuid.uuid4().hex[:10]}"
    urls = await provision_services(admin_url, prefix=prefix, template_prefix=migrated_templates)
    engine = create_engine(urls["resolution"], pool_size=1)
    yield engine
    await engine.dispose()


def plain_file(rows: list[list[str]]) -> bytes:
    lines = [",".join(HEADER), *(",".join(cells) for cells in rows)]
    return ("\n".join(lines) + "\n").encode()


def by_row_checker(data: bytes) -> dict[int, tuple]:
    """What the csv module and RowChecker keep, by line."""
    reader = file_rows(io.BytesIO(data))
    next(reader)
    checker, kept = RowChecker(RULES), {}
    for line, cells in enumerate(reader, start=2):
        with contextlib.suppress(InvalidArgument):
            kept[line] = tuple(checker.row(line, cells))
    return kept


async def set_based(engine, data: bytes) -> dict[int, tuple]:
    """What the set-based checks keep, by line (nothing stays)."""
    raw = io.BytesIO(data)
    raw.readline()
    async with engine.connect() as conn:
        transaction = await conn.begin()
        staging = await RegistryImport.begin(conn)
        await staging.copy_plain(plain_chunks(raw, lambda: None))
        await staging.stage_plain(RULES, name_key)
        rows = await staging._conn.fetch("SELECT * FROM registry_staging")
        await transaction.rollback()
    return {r["line"]: tuple(r) for r in rows}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(rows(), min_size=1, max_size=40))
async def test_a_row_the_set_based_checks_keep_is_one_the_row_checker_keeps_alike(engine, rows):
    data = plain_file(rows)
    kept = await set_based(engine, data)
    expected = by_row_checker(data)
    assert {line: expected.get(line) for line in kept} == kept


async def test_the_rows_the_portal_writes_are_all_kept_set_based(engine):
    rows = []
    for n, (district, commune) in enumerate(PLACES):
        person = [f"R{n}", "Nguyễn Thị Hồng", "1985-04-12", GENDERS[n % 3], f"09{n:08d}"]
        person += [f"075{n:09d}" if n % 2 else "", "75", district, commune]
        rows.append([*person, "", "", "", "", ""])
        for number, vaccine in enumerate(VACCINES, start=1):
            on = date(2021, 3, 8 + number).isoformat()
            rows.append([*person, str(1 + number % 4), on, vaccine, f"L/{n}.{number}", "F-1"])
    data = plain_file(rows)
    expected = by_row_checker(data)
    assert len(expected) == len(rows)
    assert await set_based(engine, data) == expected


QUOTED = extract(
    ("R1", {"full_name": "Trần, Văn Đức"}, [dose(1, "2021-07-01"), dose(2, "2021-08-15")]),
    ("R2", {"phone": "091 234 5678", "national_id": ""}, [dose(1, "2021-09-01")]),
)
PLAIN = QUOTED.replace('"Trần, Văn Đức"'.encode(), "Trần Văn Đức".encode())


@pytest.mark.parametrize(
    ("data", "name"),
    [(QUOTED, "Trần, Văn Đức"), (PLAIN, "Trần Văn Đức")],
    ids=["quoted, through the csv module", "plain, a row left to RowChecker"],
)
async def test_either_way_through_a_file_imports_the_same_records(database_urls, data, name):
    url = database_urls["resolution"]
    engine = create_engine(url, pool_size=1)
    try:
        imported = await import_extract(
            engine, io.BytesIO(data), RULES, "test", datetime.now(UTC), with_ids=True
        )
    finally:
        await engine.dispose()
    assert (imported.citizens, imported.doses) == (2, 3)
    assert set(imported.citizen_ids) == {"R1", "R2"}
    r1 = f"SELECT {{}} FROM citizens WHERE citizen_id = '{imported.citizen_ids['R1']}'"
    assert await scalar(url, r1.format("full_name")) == name
    assert await scalar(url, r1.format("name_key")) == name_key(name)
    r2 = f"SELECT phone FROM citizens WHERE citizen_id = '{imported.citizen_ids['R2']}'"
    assert await scalar(url, r2) == "+84912345678"
    levels = "SELECT string_agg(level, ',' ORDER BY level) FROM certificates"
    assert await scalar(url, levels) == "FULL,PARTIAL"
    assert await scalar(url, "SELECT count(DISTINCT citizen_id) FROM doses") == 2
