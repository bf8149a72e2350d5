"""The weekly report's CSV and XLSX files and the dashboard's SVG charts."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from reporting.domain.chart_texts import TEXTS
from reporting.domain.charts import burndown_svg, nice_ceiling, units_svg
from reporting.domain.figures import BacklogDay, Figures, UnitFigures
from reporting.domain.weeks import WeeklyReport
from reporting.exports import COLUMNS, to_csv, to_xlsx

SVG = "{http://www.w3.org/2000/svg}"


def report() -> WeeklyReport:
    commune = Figures(received=3, resolved=2, rejected=1, pending=1, overdue=1, on_time_rate=0.5)
    commune.rejection_reasons = {"DOB_MISMATCH": 1}
    quiet = Figures()
    totals = Figures(received=3, resolved=2, rejected=1, pending=1, overdue=1, on_time_rate=0.5)
    totals.rejection_reasons = {"DOB_MISMATCH": 1}
    return WeeklyReport(
        unit_code="731",
        unit_name="Thành phố Biên Hòa",
        week="2021-W40",
        period_start=datetime(2021, 9, 30, 17, tzinfo=UTC),
        period_end=datetime(2021, 10, 7, 17, tzinfo=UTC),
        deadline=datetime(2021, 10, 8, 3, tzinfo=UTC),
        status="DRAFT",
        totals=totals,
        rows=[
            UnitFigures("25993", "Phường Trảng Dài", commune),
            UnitFigures("25996", "Phường Tân Phong", quiet),
        ],
        generated_at=datetime(2021, 10, 8, 1, tzinfo=UTC),
    )


def test_csv_has_the_header_first_then_a_row_per_commune_and_the_totals():
    text = to_csv(report()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert [r["unit_code"] for r in rows] == ["25993", "25996", "731"]
    assert rows[0]["unit_name"] == "Phường Trảng Dài"
    assert rows[0]["received"] == "3" and rows[0]["rejection_reasons"] == "DOB_MISMATCH: 1"
    assert rows[1]["on_time_rate"] == "" and rows[1]["received"] == "0"
    assert rows[2]["unit_name"] == "Thành phố Biên Hòa (total)" and rows[2]["pending"] == "1"


def test_xlsx_is_a_spreadsheet_with_headers_widths_and_a_totals_row():
    book = load_workbook(io.BytesIO(to_xlsx(report())))
    sheet = book["2021-W40"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS
    assert [r[0] for r in values[1:]] == ["25993", "25996", "731"]
    assert values[1][2:5] == (3, 2, 1) and values[1][9] == 0.5
    assert values[3][1] == "Thành phố Biên Hòa (total)"
    assert sheet["A1"].font.bold and sheet["A4"].font.bold and not sheet["A2"].font.bold
    assert sheet.column_dimensions["B"].width >= len("Thành phố Biên Hòa (total)")
    about = dict(book["report"].iter_rows(values_only=True))
    assert about["week"] == "2021-W40" and about["deadline"] == "2021-10-08T10:00:00+07:00"


def test_burndown_chart_is_accessible_svg():
    days = [BacklogDay(date(2021, 10, d), 10 - d, float(12 - d)) for d in range(1, 8)]
    root = ET.fromstring(burndown_svg(days, date(2021, 10, 5), "Tỉnh Đồng Nai", "en"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Backlog of Tỉnh Đồng Nai"
    desc = root.find(f"{SVG}desc").text
    assert "9 on the first day, 3 on the last" in desc and "2021-10-05" in desc
    assert len(root.findall(f"{SVG}polyline")) == 2  # the backlog and the target line
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "deadline 2021-10-05" in texts and "open complaints" in texts


def test_burndown_chart_speaks_vietnamese():
    days = [BacklogDay(date(2021, 10, d), 10 - d, float(12 - d)) for d in range(1, 8)]
    root = ET.fromstring(burndown_svg(days, date(2021, 10, 5), "Tỉnh Đồng Nai", "vi"))
    assert root.find(f"{SVG}title").text == "Hồ sơ tồn của Tỉnh Đồng Nai"
    desc = root.find(f"{SVG}desc").text
    assert "9 vào ngày đầu, 3 vào ngày cuối" in desc and "05/10/2021" in desc
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "hạn 05/10/2021" in texts and "hồ sơ tồn" in texts
    assert not any("deadline" in (t or "") or "open" in (t or "") for t in texts)
    empty = ET.fromstring(burndown_svg([], date(2021, 10, 5), "x", "vi"))
    assert empty.find(f"{SVG}desc").text == "Không có ngày nào để hiển thị."


def test_units_chart_names_every_unit_and_escapes_text():
    rows = [
        UnitFigures("731", "A & B", Figures(pending=40, overdue=10)),
        UnitFigures("732", "Huyện Tân Phú", Figures()),
    ]
    root = ET.fromstring(units_svg(rows, "Tỉnh Đồng Nai", "en"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "A & B" in texts and "Huyện Tân Phú" in texts
    assert "40 (10 overdue)" in texts
    assert "A & B: 40 pending, 10 overdue" in root.find(f"{SVG}desc").text
    assert ET.fromstring(units_svg([], "x", "en")).find(f"{SVG}desc").text == "No units to show."


def test_units_chart_speaks_vietnamese():
    rows = [UnitFigures("731", "A & B", Figures(pending=40, overdue=10))]
    root = ET.fromstring(units_svg(rows, "Tỉnh Đồng Nai", "vi"))
    assert root.find(f"{SVG}title").text == "Hồ sơ đang xử lý theo đơn vị, Tỉnh Đồng Nai"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "40 (10 quá hạn)" in texts and "đang xử lý" in texts and "quá hạn" in texts
    assert root.find(f"{SVG}desc").text == "A & B: 40 đang xử lý, 10 quá hạn"


def test_both_languages_name_the_same_words():
    assert TEXTS["vi"].keys() == TEXTS["en"].keys()


def test_axis_maxima_are_round():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 180, 501)] == [1, 1, 5, 10, 20, 200, 1000]
