"""The reports through the gateway, on the whole system: complaints submitted over HTTP show
up in the summary, the weekly report downloads as CSV and XLSX, a late submission is LATE,
the charts are SVG, and bad input is a 400 naming the field."""

import csv
import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from openpyxl import load_workbook

from reporting.domain.weeks import week_of
from tests.factories import Complaints
from tests.harness import eventually


@pytest.fixture
async def http(stack, province_admin):
    """The reports are officers' calls: a province admin's unless a call says otherwise."""
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=15, headers=province_admin) as c:
        yield c


SUMMARY_FIELDS = {
    "received", "resolved", "rejected", "needs_info", "pending", "overdue", "on_time_rate",
    "processing_hours_p50", "processing_hours_p90", "rejection_reasons",
}  # fmt: skip
BACKLOG_FIELDS = {
    "deadline", "open", "days_left", "needed_per_day", "rate_7d", "projected_finish", "on_track",
}  # fmt: skip


async def test_submitted_complaints_are_counted_and_reported(http):
    for body in Complaints(40).take(3):
        assert (await http.post("/api/v1/complaints", json=body)).status_code == 201

    async def counted():
        reply = await http.get("/api/v1/reports/summary", params={"unit_code": "731"})
        return reply.json()["received"] == 3

    await eventually(counted, timeout=30)
    summary = (await http.get("/api/v1/reports/summary", params={"unit_code": "731"})).json()
    assert summary.keys() >= SUMMARY_FIELDS and summary["unit_code"] == "731"
    assert summary["pending"] == 3 and summary["on_time_rate"] is None
    commune = next(u for u in summary["by_unit"] if u["unit_code"] == "25993")
    # Resolution routes to the district's team, so the complaints count there, not in a commune.
    assert commune["received"] == 0 and commune.keys() >= SUMMARY_FIELDS
    # The backlog against its deadline, the district's and each commune's: nothing closed yet,
    # so no finish in sight.
    backlog = summary["backlog"]
    assert backlog.keys() == BACKLOG_FIELDS and backlog["open"] == 3
    assert backlog["rate_7d"] == 0 and backlog["projected_finish"] is None
    assert not backlog["on_track"]
    assert commune["backlog"]["open"] == 0 and commune["backlog"]["on_track"]

    week = week_of(datetime.now(UTC)).label
    report = await http.get("/api/v1/reports/weekly", params={"unit_code": "731", "week": week})
    assert report.status_code == 200
    body = report.json()
    assert body["status"] == "DRAFT" and body["period_start"].endswith("+07:00")
    assert body["deadline"].endswith("T10:00:00+07:00")
    assert len(body["rows"]) == 25 and body["totals"].keys() >= SUMMARY_FIELDS

    params = {"unit_code": "731", "week": week}
    as_csv = await http.get("/api/v1/reports/weekly", params=params | {"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert f"weekly-report-731-{week}.csv" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == 26 and rows[-1]["unit_code"] == "731"
    as_xlsx = await http.get("/api/v1/reports/weekly", params=params | {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(as_xlsx.content))[week]
    assert sheet["A1"].value == "unit_code" and sheet.max_row == 27


async def test_a_report_sent_after_its_deadline_is_late_and_the_province_sees_it(http, officer):
    district = officer("DISTRICT_OFFICER", "732")
    week = week_of(datetime.now(UTC) - timedelta(days=14)).label
    reply = await http.post(
        f"/api/v1/reports/weekly/732/{week}/submit", json={"note": "trễ"}, headers=district
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["status"] == "LATE" and reply.json()["note"] == "trễ"
    again = await http.post(f"/api/v1/reports/weekly/732/{week}/submit", json={}, headers=district)
    assert again.status_code == 409

    status = (await http.get("/api/v1/reports/weekly-status", params={"week": week})).json()
    districts = {d["unit_code"]: d for d in status["districts"]}
    assert len(districts) == 11
    assert districts["732"]["status"] == "LATE" and districts["732"]["late"]
    assert districts["734"]["status"] == "MISSING" and districts["734"]["late"]


async def test_dashboard_and_charts(http):
    dashboard = await http.get("/api/v1/reports/dashboard", params={"deadline": "2030-01-01"})
    assert dashboard.status_code == 200
    body = dashboard.json()
    assert len(body["burndown"]) == 28 and list(body["ageing"]) == ["0-2", "3-5", "6-7", ">7"]
    for path in ("burndown.svg", "districts.svg"):
        chart = await http.get(f"/api/v1/reports/charts/{path}")
        assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
        assert b"<title" in chart.content and b"<desc" in chart.content


async def test_reports_are_for_officers_inside_their_unit(stack, officer):
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=15) as anonymous:
        assert (await anonymous.get("/api/v1/reports/summary")).status_code == 401
        commune = officer("COMMUNE_OFFICER", "25993")
        outside = await anonymous.get(
            "/api/v1/reports/summary", params={"unit_code": "731"}, headers=commune
        )
        assert outside.status_code == 403
        status = await anonymous.get("/api/v1/reports/weekly-status", headers=commune)
        assert status.status_code == 403


async def test_bad_input_is_a_400_naming_the_field(http, officer):
    weekly = {"unit_code": "731", "week": "2021-W40"}
    cases = [
        ("/api/v1/reports/summary", {"from": "2021-10-08", "to": "2021-10-01"}, "to_date"),
        ("/api/v1/reports/summary", {"from": "2021-13-01"}, "from"),
        ("/api/v1/reports/weekly", {"unit_code": "731", "week": "2021-W54"}, "week"),
        ("/api/v1/reports/weekly", weekly | {"format": "x"}, "format"),
        ("/api/v1/reports/weekly", {"week": "2021-W40"}, "unit_code"),
        ("/api/v1/reports/weekly-status", {"week": "W40"}, "week"),
    ]  # fmt: skip
    for path, params, field in cases:
        reply = await http.get(path, params=params)
        assert reply.status_code == 400, (params, reply.text)
        violations = reply.json()["error"]["field_violations"]
        assert field in [v["field"] for v in violations], (params, violations)
    reply = await http.post(
        "/api/v1/reports/weekly/731/2021-W54/submit",
        json={"note": ""},
        headers=officer("DISTRICT_OFFICER", "731"),
    )
    assert reply.status_code == 400
