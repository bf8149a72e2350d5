"""Commune teams at scale, through the gateway: a district admin creates its communes'
accounts from one CSV, all or nothing (a refused line named, nothing created), and gets their
generated passwords back once as CSV; each must be changed at the first login."""

import csv
import io

from tests.harness import fetch
from tests.integration.citizen import violations
from tests.integration.test_cases_http import officer

HEADER = "username,role,unit_code,phone\n"
CSV = {"content-type": "text/csv"}


def accounts_file(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


async def usernames(system) -> set[str]:
    rows = await fetch(system.database_urls["resolution"], "SELECT username FROM accounts")
    return {r[0] for r in rows}


async def test_a_district_admin_creates_its_communes_accounts_all_or_nothing(http, system):
    admin = officer(system, "DISTRICT_ADMIN", "731") | CSV
    before = await usernames(system)

    # A commune of another district on line 3, a username twice: nothing is created.
    refused = await http.post(
        "/api/v1/accounts:import",
        content=accounts_file(
            "trangdai.canbo1,COMMUNE_OFFICER,25993,",
            "xangoai.canbo,COMMUNE_OFFICER,26077,",
            "trangdai.canbo1,COMMUNE_OFFICER,25993,",
        ),
        headers=admin,
    )
    assert refused.status_code == 400
    assert violations(refused) == ["line[3].unit_code", "line[4].username"]
    assert await usernames(system) == before

    made = await http.post(
        "/api/v1/accounts:import",
        content=accounts_file(
            "trangdai.canbo1,COMMUNE_OFFICER,25993,0912345678",
            "trungdung.canbo1,COMMUNE_OFFICER,26041,",
        ),
        headers=admin,
    )
    assert made.status_code == 201, made.text
    assert made.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(made.content.decode("utf-8-sig"))))
    assert [(r["username"], r["role"], r["unit_code"]) for r in rows] == [
        ("trangdai.canbo1", "COMMUNE_OFFICER", "25993"),
        ("trungdung.canbo1", "COMMUNE_OFFICER", "26041"),
    ]
    for row in rows:
        login = await http.post(
            "/api/v1/auth/login",
            json={"username": row["username"], "password": row["initial_password"]},
        )
        assert login.status_code == 200 and login.json()["must_change_password"]

    # A username taken since: the whole file is refused on its line.
    taken = await http.post(
        "/api/v1/accounts:import",
        content=accounts_file(
            "trangdai.canbo2,COMMUNE_OFFICER,25993,", "trungdung.canbo1,COMMUNE_OFFICER,26041,"
        ),
        headers=admin,
    )
    assert (taken.status_code, violations(taken)) == (400, ["line[3].username"])
    assert "trangdai.canbo2" not in await usernames(system)

    for role, unit in (("DISTRICT_OFFICER", "731"), ("COMMUNE_OFFICER", "25993")):
        other = officer(system, role, unit) | CSV
        denied = await http.post(
            "/api/v1/accounts:import", content=accounts_file("a.b,COMMUNE_OFFICER,25993,"),
            headers=other,
        )  # fmt: skip
        assert denied.status_code == 403
    wrong = await http.post("/api/v1/accounts:import", content=b"x,y\n", headers=admin)
    assert (wrong.status_code, violations(wrong)) == (400, ["line[1]"])
