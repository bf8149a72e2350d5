"""The privacy notice through the gateway, over the real services: read without a token, in
Vietnamese, saying the retention setting; a submission keeps the version its sender was
shown, and one naming a version the service never showed is refused on that field."""

from tests.factories import Complaints
from tests.integration.citizen import count, violations


async def test_the_notice_says_what_is_kept_and_for_how_long(http, system):
    reply = await http.get("/api/v1/privacy-notice")
    assert reply.status_code == 200
    notice = reply.json()
    assert set(notice) == {"version", "text"}
    retention = system.settings("intake").retention_days
    for said in ("13/2023/NĐ-CP", "Dữ liệu được thu thập", "Mục đích", f"{retention} ngày", "xoá"):
        assert said in notice["text"]


async def test_a_submission_keeps_the_version_it_was_shown(http, system):
    version = (await http.get("/api/v1/privacy-notice")).json()["version"]
    body = Complaints(70).json(privacy_notice_version=version)
    assert (await http.post("/api/v1/complaints", json=body)).status_code == 201
    kept = await count(system, "SELECT privacy_notice_version FROM complaints")
    assert kept == version

    unknown = await http.post(
        "/api/v1/complaints", json=Complaints(71).json(privacy_notice_version="1999-01-01")
    )
    assert (unknown.status_code, violations(unknown)) == (400, ["privacy_notice_version"])
    assert await count(system, "SELECT count(*) FROM complaints") == 1
    # An older client that says none is still served; nothing is recorded for it.
    assert (await http.post("/api/v1/complaints", json=Complaints(72).json())).status_code == 201
    assert (
        await count(system, "SELECT count(*) FROM complaints WHERE privacy_notice_version IS NULL")
        == 1
    )
