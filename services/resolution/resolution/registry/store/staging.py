"""The bulk import of the portal's extract: the rows COPYed into temporary tables, checked
across rows, and moved into the registry set-based."""

import secrets
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from datetime import datetime
from typing import NamedTuple

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common.bulk_load import MAINTENANCE_WORK_MEM, set_keys_and_indexes_aside
from phananh_common.errors import FieldViolation
from resolution.registry.domain.extract import HEADER, STAGING_COLUMNS, ExtractRow, NotPlain
from resolution.registry.domain.rules import RecordRules
from resolution.registry.store.plain_extract import (
    PLAIN_ROWS,
    dates_arguments,
    plain_rows_arguments,
)
from resolution.registry.store.records import PERSON_COLUMNS

# The registry's tables, each after those its foreign keys point at.
REGISTRY_TABLES = ("citizens", "doses", "certificates")
_BATCH = 10_000  # rows a cursor brings into Python at a time


async def set_session_temp_buffers(conn: AsyncConnection, size: str) -> None:
    """The session's buffers for temporary tables, from then on (only before its first)."""
    await conn.exec_driver_sql(f"SET temp_buffers = '{size}'")


class Known(NamedTuple):
    """The file's records the registry holds already (see RegistryImport.take_known_out)."""

    records: int
    doses: int
    # Those the file holds as they are.
    unchanged: int
    # (citizen id, row) of the others' rows.
    rows: list[tuple[uuid.UUID, ExtractRow]]


class RegistryImport:
    """One import of the portal's extract, all or nothing in the caller's transaction: the
    rows are COPYed into a staging table as they come, then checked across rows and moved
    with set-based statements."""

    def __init__(self, connection):
        self._conn = connection  # asyncpg's, under the engine's pooled connection
        self._seed = secrets.token_hex(16)  # of the ids (see move)
        self._known = False  # whether the file holds records the registry holds

    @classmethod
    async def begin(cls, conn: AsyncConnection) -> "RegistryImport":
        """Inside a transaction of `conn`."""
        # Through SQLAlchemy, which begins the transaction (the driver's calls would not).
        # Room to sort a province's extract in memory and to build its indexes.
        await conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        await conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        await conn.exec_driver_sql(
            """CREATE TEMP TABLE registry_staging (
                line integer, record_id text, full_name text, name_key text,
                date_of_birth date, gender text, phone text, national_id text,
                province_code text, district_code text, commune_code text,
                dose_number integer, vaccinated_on date, vaccine_code text, lot_number text,
                facility_code text
            ) ON COMMIT DROP"""
        )
        return cls((await conn.get_raw_connection()).driver_connection)

    async def add(self, rows: AsyncIterable[ExtractRow] | Iterable[ExtractRow]) -> None:
        """One COPY for all the rows, streamed: PostgreSQL stores rows while the next are
        read and checked."""
        await self._conn.copy_records_to_table(
            "registry_staging", records=rows, columns=STAGING_COLUMNS
        )

    async def savepoint(self) -> None:
        await self._conn.execute("SAVEPOINT registry_plain")

    async def back_to_savepoint(self) -> None:
        """Forgets what was staged since the savepoint."""
        await self._conn.execute("ROLLBACK TO SAVEPOINT registry_plain")

    async def copy_plain(self, chunks: AsyncIterable[bytes]) -> int:
        """COPYs a plain file's rows (the header left out) as they are written into
        registry_raw, numbered from line 2; their count. NotPlain when PostgreSQL refuses the
        file as CSV (the csv module then reads it and names the problem)."""
        conn = self._conn
        await conn.execute(
            f"""CREATE TEMP TABLE registry_raw (
                line integer GENERATED ALWAYS AS IDENTITY (START 2),
                {", ".join(f"{c} text" for c in HEADER)}
            ) ON COMMIT DROP"""
        )
        try:
            status = await conn.copy_to_table(
                "registry_raw", source=chunks, columns=HEADER, format="csv", force_not_null=HEADER
            )
        except asyncpg.DataError:
            raise NotPlain from None
        return _count(status)

    async def stage_plain(self, rules: RecordRules, fold: Callable[[str], str]) -> int:
        """Stages the raw rows the set-based checks keep; their count. A name's key is the
        domain's `fold`, asked once for each name."""
        conn = self._conn
        await conn.execute(
            "CREATE TEMP TABLE registry_names (full_name text, name_key text) ON COMMIT DROP"
        )
        await conn.execute(
            "DECLARE registry_names_read NO SCROLL CURSOR FOR"
            " SELECT DISTINCT full_name FROM registry_raw"
        )
        while names := await conn.fetch(f"FETCH {_BATCH} FROM registry_names_read"):
            await conn.copy_records_to_table(
                "registry_names", records=[(n, fold(n)) for (n,) in names]
            )
        await conn.execute("CLOSE registry_names_read")
        await conn.execute(
            "CREATE TEMP TABLE registry_places (district_code text, commune_code text)"
            " ON COMMIT DROP"
        )
        await conn.copy_records_to_table("registry_places", records=rules.places())
        await conn.execute(
            "CREATE TEMP TABLE registry_dates (written text, day date) ON COMMIT DROP"
        )
        await conn.execute(
            """INSERT INTO registry_dates SELECT to_char(day, 'YYYY-MM-DD'), day
            FROM generate_series($1::date, $2::date, interval '1 day') AS day""",
            *dates_arguments(rules),
        )
        # Temporary tables have no statistics until asked: the plan needs their sizes.
        await conn.execute("ANALYZE registry_raw, registry_names, registry_places, registry_dates")
        # The planner takes the checks for very selective and would join row by row.
        await conn.execute("SET LOCAL enable_nestloop = off")
        status = await conn.execute(
            f"INSERT INTO registry_staging ({', '.join(STAGING_COLUMNS)}) {PLAIN_ROWS}",
            *plain_rows_arguments(rules),
        )
        await conn.execute("SET LOCAL enable_nestloop = on")
        return _count(status)

    async def rows_left(self) -> AsyncIterator[list[tuple[int, list[str]]]]:
        """The raw rows stage_plain left, (line, cells) in the order of the file, in batches."""
        conn = self._conn
        await conn.execute(
            f"""DECLARE registry_left NO SCROLL CURSOR FOR
            SELECT line, {", ".join(HEADER)} FROM registry_raw r
            WHERE NOT EXISTS (SELECT FROM registry_staging s WHERE s.line = r.line)
            ORDER BY line"""
        )
        while rows := await conn.fetch(f"FETCH {_BATCH} FROM registry_left"):
            yield [(r[0], list(r[1:])) for r in rows]
        await conn.execute("CLOSE registry_left")

    async def violations(self, limit: int) -> list[FieldViolation]:
        """What is wrong across rows: a record's rows that disagree on the person, a dose
        number given twice for one record.

        Two passes over the staged rows, which the move reads too: registry_people, a row
        per record and person (a hash table: as many rows as records when each record's
        rows agree), and registry_courses, a row per record with its vaccines in date order
        (one narrow sort) and whether a dose number repeats. Only a file that breaks a rule
        is asked which lines, in the file's order."""
        conn = self._conn
        person = ", ".join(PERSON_COLUMNS)
        people = _count(
            await conn.execute(
                f"""CREATE TEMP TABLE registry_people ON COMMIT DROP AS
                SELECT min(line) AS line, record_id, name_key, {person}
                FROM registry_staging GROUP BY record_id, name_key, {person}"""
            )
        )
        # Dose numbers are 1 to 4 by now, a bit each: their sum differs from their OR exactly
        # when one repeats. The "C" collation sorts bytes, not the locale's order.
        records = _count(
            await conn.execute(
                """CREATE TEMP TABLE registry_courses ON COMMIT DROP AS
                SELECT record_id COLLATE "C" AS record_id, coalesce(array_agg(vaccine_code
                    ORDER BY vaccinated_on, dose_number) FILTER (WHERE dose_number IS NOT NULL),
                    '{}') AS course,
                    sum(1 << dose_number) <> bit_or(1 << dose_number) AS repeats
                FROM registry_staging GROUP BY 1"""
            )
        )
        repeats = "SELECT EXISTS (SELECT FROM registry_courses WHERE repeats)"
        if people > records or await conn.fetchval(repeats):
            return await self._violations_by_line(limit)
        return []

    async def _violations_by_line(self, limit: int) -> list[FieldViolation]:
        person = ", ".join(PERSON_COLUMNS)
        found = await self._conn.fetch(
            f"""WITH first AS (
                    SELECT DISTINCT ON (record_id) line, record_id, ({person}) AS person
                    FROM registry_staging ORDER BY record_id, line),
                numbered AS (
                    SELECT line, record_id, row_number() OVER (
                        PARTITION BY record_id, dose_number ORDER BY line) AS n
                    FROM registry_staging WHERE dose_number IS NOT NULL)
            SELECT s.line, 'record_id' AS field,
                'disagrees with line ' || f.line || ' of the same record on the person' AS why
                FROM registry_staging s JOIN first f USING (record_id)
                WHERE ({", ".join(f"s.{c}" for c in PERSON_COLUMNS)}) IS DISTINCT FROM f.person
            UNION ALL
            SELECT line, 'dose_number', 'repeats a dose number of the same record'
                FROM numbered WHERE n > 1
            ORDER BY 1 LIMIT $1""",
            limit,
        )
        return [FieldViolation(f"line[{r['line']}].{r['field']}", r["why"]) for r in found]

    async def take_known_out(self) -> Known:
        """Takes the rows of the records the registry holds already out of the staged ones
        (the move adds the others). Those whose rows hold them as they are (person and doses,
        compared set-based: a re-exported province is mostly that) are counted; the rows of
        the others are returned, (citizen id, row) by record and line."""
        conn = self._conn
        known = "SELECT EXISTS (SELECT FROM registry_people JOIN citizens USING (record_id))"
        if not await conn.fetchval(known):
            return Known(0, 0, 0, [])
        self._known = True
        dose = "row(dose_number, vaccinated_on, vaccine_code, lot_number, facility_code)::text"
        await conn.execute(
            f"""CREATE TEMP TABLE registry_known ON COMMIT DROP AS
            WITH staged AS (
                SELECT record_id, count(dose_number) AS doses, coalesce(array_agg({dose}
                    ORDER BY dose_number) FILTER (WHERE dose_number IS NOT NULL), '{{}}') AS course
                FROM registry_staging s
                WHERE EXISTS (SELECT FROM citizens c WHERE c.record_id = s.record_id)
                GROUP BY record_id)
            SELECT c.citizen_id, s.record_id, s.doses,
                c.merged_into IS NULL
                AND ({", ".join(f"p.{c}" for c in PERSON_COLUMNS)})
                    IS NOT DISTINCT FROM ({", ".join(f"c.{c}" for c in PERSON_COLUMNS)})
                AND s.course = coalesce((SELECT array_agg({dose} ORDER BY dose_number)
                    FROM doses d WHERE d.citizen_id = c.citizen_id), '{{}}') AS same
            FROM staged s JOIN registry_people p USING (record_id)
                JOIN citizens c USING (record_id)"""
        )
        records, doses, same = await conn.fetchrow(
            "SELECT count(*), coalesce(sum(doses), 0)::bigint, count(*) FILTER (WHERE same)"
            " FROM registry_known"
        )
        rows = await conn.fetch(
            f"""WITH taken AS (DELETE FROM registry_staging s USING registry_known k
                WHERE s.record_id = k.record_id
                RETURNING k.citizen_id, k.same, {", ".join(f"s.{c}" for c in STAGING_COLUMNS)})
            SELECT * FROM taken WHERE NOT same ORDER BY record_id, line"""
        )
        for table in ("registry_people", "registry_courses"):
            await conn.execute(
                f"DELETE FROM {table} t USING registry_known k WHERE t.record_id = k.record_id"
            )
        return Known(records, doses, same, [(r[0], ExtractRow(*r[2:])) for r in rows])

    async def move(
        self, now: datetime, actor: str, level_of: Callable[[tuple[str, ...]], str]
    ) -> tuple[int, int]:
        """Adds the records of registry_people (see violations), their doses and first
        certificates; (citizens, doses). `level_of` gives a certificate's level from the
        vaccines of its doses in order.

        Ids are md5 digests of a random seed and the record id (a citizen and its
        certificate) or the line (a dose): unique, known to each row without a join, and
        without gen_random_uuid(), which reads the system's random source for each
        (microseconds a row)."""
        conn = self._conn
        rebuild = await self._set_indexes_aside_when_empty()
        seed = self._seed
        added_citizens = _count(
            await conn.execute(
                f"""INSERT INTO citizens (citizen_id, record_id, full_name, name_key,
                    date_of_birth, gender, phone, national_id, province_code, district_code,
                    commune_code, updated_at)
                SELECT {_id("c", "record_id")}, record_id, full_name, name_key, date_of_birth,
                    gender, phone, national_id, province_code, district_code, commune_code, $2
                FROM registry_people""",
                seed,
                now,
            )
        )
        added_doses = _count(
            await conn.execute(
                f"""INSERT INTO doses (dose_id, citizen_id, dose_number, vaccinated_on,
                    vaccine_code, lot_number, facility_code)
                SELECT {_id("d", "line")}, {_id("c", "record_id")}, dose_number,
                    vaccinated_on, vaccine_code, lot_number, facility_code
                FROM registry_staging WHERE dose_number IS NOT NULL""",
                seed,
            )
        )
        await self._issue_certificates(seed, now, level_of)
        for statement in rebuild:
            await conn.execute(statement)
        await conn.execute(
            """INSERT INTO registry_audit (at, actor, action, after)
            VALUES ($1, $2, 'IMPORT', jsonb_build_object('citizens', $3::int, 'doses', $4::int))""",
            now,
            actor,
            added_citizens,
            added_doses,
        )
        return added_citizens, added_doses

    async def _set_indexes_aside_when_empty(self) -> list[str]:
        """A first load (an empty registry) goes in without the registry's indexes and keys
        (phananh_common.bulk_load). The tables stay locked until the import commits (nobody
        could find a record in them yet). Returns the statements that restore them; none
        when the registry holds rows."""
        conn = self._conn
        holds_rows = f"SELECT {' OR '.join(f'EXISTS (SELECT FROM {t})' for t in REGISTRY_TABLES)}"
        if await conn.fetchval(holds_rows):
            return []
        await conn.execute(f"LOCK TABLE {', '.join(REGISTRY_TABLES)} IN ACCESS EXCLUSIVE MODE")
        if await conn.fetchval(holds_rows):  # another import came first
            return []
        return await set_keys_and_indexes_aside(conn, REGISTRY_TABLES)

    async def _issue_certificates(self, seed: str, now: datetime, level_of) -> None:
        """The first certificate of each new record (registry_courses, see violations). Its
        level follows from the vaccines of its doses in the order given, and a registry
        holds few such courses: the domain's rule is asked once per distinct course, the
        certificates are written set-based."""
        conn = self._conn
        courses = await conn.fetch("SELECT DISTINCT course FROM registry_courses")
        await conn.execute(
            "CREATE TEMP TABLE registry_levels (course text[], level text) ON COMMIT DROP"
        )
        await conn.copy_records_to_table(
            "registry_levels",
            records=[(r["course"], level_of(tuple(r["course"]))) for r in courses],
        )
        await conn.execute(
            f"""INSERT INTO certificates (certificate_id, citizen_id, level, version, issued_at)
            SELECT {_id("k", "record_id")}, {_id("c", "record_id")}, l.level, 1, $2
            FROM registry_courses c JOIN registry_levels l USING (course)""",
            seed,
            now,
        )

    async def citizen_ids(self) -> dict[str, str]:
        """The citizen id of each record of the file, new or known (take_known_out)."""
        known = " UNION ALL SELECT record_id, citizen_id FROM registry_known" if self._known else ""
        rows = await self._conn.fetch(
            f"""SELECT record_id, {_id("c", "record_id")} AS citizen_id
            FROM registry_people{known}""",
            self._seed,
        )
        return {r["record_id"]: str(r["citizen_id"]) for r in rows}


def _id(kind: str, of: str) -> str:
    """The id of the `kind` of thing ('c' citizen, 'd' dose, 'k' certificate) of a record id
    or a line, from the import's seed ($1)."""
    return f"md5($1 || '{kind}' || {of})::uuid"


def _count(status: str) -> int:
    """The row count of a statement's status ("INSERT 0 12")."""
    return int(status.rsplit(" ", 1)[1])
