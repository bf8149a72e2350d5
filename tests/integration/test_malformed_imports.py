"""A file that is not CSV text (bytes that are not UTF-8, a NUL character, a field the csv
module refuses) is refused whole by each import, with the line named and nothing stored:
the facilities and the registry through the gateway (they answered 500), the backlog from
the command line (it stopped half-way, its first batches in)."""

import pytest

from intake.import_backlog import check_file
from phananh_common.errors import InvalidArgument
from tests.harness import scalar
from tests.integration.citizen import FACILITIES_CSV
from tests.integration.test_backlog_import import backlog, run_import
from tests.integration.test_registry import FAMILY

# Lines that follow good ones.
BROKEN = {
    "not UTF-8": b"\xff\xfe,x\n",
    "a NUL character": b"R9,\x00,x\n",
    "a field over the csv module's limit": b"R9," + b"x" * 200_000 + b"\n",
}


def violations(reply) -> list[str]:
    return [v["field"] for v in reply.json()["error"]["field_violations"]]


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
async def test_a_broken_facilities_file_is_refused_whole(http, system, province_admin, broken):
    reply = await http.post(
        "/api/v1/facilities:import",
        content=FACILITIES_CSV.encode() + broken,
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 400, reply.text
    assert violations(reply) in (["line[4]"], ["csv"])
    assert await scalar(system.database_urls["intake"], "SELECT count(*) FROM facilities") == 0


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
async def test_a_broken_registry_extract_is_refused_whole(http, system, province_admin, broken):
    reply = await http.post(
        "/api/v1/registry:import",
        content=FAMILY + broken,
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 400, reply.text
    assert violations(reply) in (["line[6]"], ["csv"])
    url = system.database_urls["resolution"]
    assert await scalar(url, "SELECT count(*) FROM citizens") == 0


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
async def test_a_broken_backlog_file_is_refused_before_any_batch(database_urls, tmp_path, broken):
    path = backlog(tmp_path, 40)
    with open(path, "ab") as out:
        out.write(broken)
    with pytest.raises(InvalidArgument) as refused:
        check_file(str(path))
    assert [v.field for v in refused.value.violations] in (["line[42]"], ["csv"])
    with pytest.raises(InvalidArgument):
        await run_import(path, database_urls["intake"])
    assert await scalar(database_urls["intake"], "SELECT count(*) FROM complaints") == 0


async def test_a_good_backlog_file_passes_the_check(database_urls, tmp_path):
    totals, refused = await run_import(backlog(tmp_path, 5), database_urls["intake"])
    assert (totals.imported, refused) == (5, [])
