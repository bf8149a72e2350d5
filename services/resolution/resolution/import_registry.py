"""`python -m resolution.import_registry FILE.csv`: loads the portal's registry extract (the
columns of resolution.registry.domain.extract.HEADER, one row per dose) into resolution's registry,
all or nothing, with progress on the terminal. Larger files than the API takes (8 MB) go this
way. A bad file imports nothing: each problem is printed with its line (the header is line 1)
and column, without personal data, and the exit status is 2. Settings:
PHANANH_RESOLUTION_DATABASE_URL, PHANANH_PROVINCE_CODE."""

import argparse
import asyncio
import csv
import gc
import os
import sys

from pydantic import ValidationError
from tqdm import tqdm

from phananh_common.database import create_engine
from phananh_common.errors import InvalidArgument
from phananh_common.local_time import utc_now
from phananh_common.units import units
from resolution.config import ResolutionData
from resolution.registry.domain.rules import RecordRules
from resolution.registry.service.imports import Imported, import_extract, reserve_temp_buffers

ACTOR = "import_registry"
TEMP_BUFFERS = "1GB"


async def import_file(path: str, settings: ResolutionData, progress: bool = True) -> Imported:
    engine = create_engine(settings.database_url, pool_size=1)
    now = utc_now()
    try:
        # Room for a province's extract (a million citizens) in memory, for the command's
        # session (its one connection).
        await reserve_temp_buffers(engine, TEMP_BUFFERS)
        with (
            open(path, "rb") as raw,
            tqdm(
                total=os.path.getsize(path), unit="B", unit_scale=True, disable=not progress
            ) as bar,
        ):
            return await import_extract(
                engine,
                raw,
                RecordRules(settings.province_code, units(), now.date()),
                ACTOR,
                now,
                with_ids=False,
                progress=lambda step: _show(bar, raw.tell(), step),
            )
    finally:
        await engine.dispose()


def _show(bar: tqdm, position: int, step: str) -> None:
    bar.update(position - bar.n)
    bar.set_postfix_str(step, refresh=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m resolution.import_registry", description=__doc__
    )
    parser.add_argument("file")
    args = parser.parse_args(argv)
    try:
        settings = ResolutionData()
    except ValidationError as error:
        sys.exit(f"import_registry: invalid settings:\n{error}")
    # The modules and units loaded so far live as long as the command: out of the collector's
    # passes while the rows' objects come and go.
    units()
    gc.freeze()
    try:
        imported = asyncio.run(import_file(args.file, settings))
    except InvalidArgument as error:
        for violation in error.violations:
            print(f"{violation.field}: {violation.description}", file=sys.stderr)
        print("import_registry: nothing imported", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        sys.exit(f"import_registry: cannot read the file: {type(error).__name__}")
    print(
        f"{imported.citizens} citizen records and {imported.doses} doses imported: "
        f"{imported.created} new, {imported.updated} updated, {imported.unchanged} unchanged"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
