"""Backups: `make backup` dumps every service's database named by URL, and `make restore`
brings the dumps into a new data folder's embedded PostgreSQL, which then serves the same
complaints and cases; a restore over a system that holds data is refused, nothing written."""

import os
import subprocess
import sys

from phananh_common.config import SERVICES
from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services
from tests.factories import Complaints
from tests.harness import InProcessSystem, gateway_client
from tests.integration.test_cases_http import officer, opened_case


def run(action: str, **env) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "phananh_common.backup", action],
        env=inherited | env,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def test_a_backup_restored_into_a_new_data_folder_serves_the_same_cases(
    system, http, tmp_path
):
    body = Complaints(90).json()
    code, case_id = await opened_case(http, system, body)
    phone = body["citizen"]["phone"]
    status = (await http.get(f"/api/v1/complaints/{code}", params={"phone": phone})).json()

    urls = {f"PHANANH_{s.upper()}_DATABASE_URL": system.database_urls[s] for s in SERVICES}
    backups = tmp_path / "backups"
    made = run("backup", PHANANH_BACKUP_DIR=str(backups), **urls)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in next(backups.iterdir()).iterdir()) == [
        f"{s}.dump" for s in sorted(SERVICES)
    ]

    data_dir = tmp_path / "new"
    restored = run("restore", PHANANH_BACKUP_DIR=str(backups), PHANANH_DATA_DIR=str(data_dir))
    assert restored.returncode == 0, restored.stderr
    postgres = EmbeddedPostgres(data_dir / "postgres")
    try:
        again = run("restore", PHANANH_BACKUP_DIR=str(backups), PHANANH_DATA_DIR=str(data_dir))
        assert again.returncode != 0 and "not empty" in again.stderr

        new = InProcessSystem(await provision_services(postgres.admin_url))
        await new.start()
        try:
            async with gateway_client(new) as client:
                found = await client.get(f"/api/v1/complaints/{code}", params={"phone": phone})
                assert found.json() == status
                district = officer(new, "DISTRICT_OFFICER", "731")
                case = await client.get(f"/api/v1/cases/{case_id}", headers=district)
                assert case.status_code == 200
                assert case.json()["tracking_code"] == code
                assert (
                    case.json()["complaint"]["citizen"]["full_name"]
                    == (body["citizen"]["full_name"])
                )
        finally:
            await new.stop()
    finally:
        postgres.stop()
