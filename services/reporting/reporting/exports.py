"""The weekly report as files for the province: CSV (header row first) and XLSX (headers,
column widths, the district's totals row, and a sheet saying which week it is). An adapter the
service calls with the report in hand: no I/O."""

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from phananh_common.errors import InvalidArgument
from reporting.domain.figures import Figures
from reporting.domain.periods import ZONE
from reporting.domain.weeks import WeeklyReport

COLUMNS = (
    "unit_code",
    "unit_name",
    "received",
    "resolved",
    "rejected",
    "duplicate",
    "needs_info",
    "pending",
    "overdue",
    "on_time_rate",
    "processing_hours_p50",
    "processing_hours_p90",
    "outcome_sms_delivered",
    "outcome_sms_failed",
    "outcome_sms_delivered_rate",
    "rejection_reasons",
)
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row_values(unit_code: str, unit_name: str, f: Figures) -> list:
    reasons = "; ".join(f"{code}: {n}" for code, n in f.rejection_reasons.items())
    return [unit_code, unit_name, *(getattr(f, c) for c in COLUMNS[2:-1]), reasons]


def table(report: WeeklyReport) -> list[list]:
    """The communes' rows, then the district's totals row."""
    rows = [row_values(r.unit_code, r.unit_name, r.figures) for r in report.rows]
    return [*rows, row_values(report.unit_code, f"{report.unit_name} (total)", report.totals)]


def to_csv(report: WeeklyReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(["" if v is None else v for v in row] for row in table(report))
    # A BOM, so that spreadsheet programs read the Vietnamese names as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(report: WeeklyReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = report.week
    sheet.append(list(COLUMNS))
    rows = table(report)
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for cell in (*sheet[1], *sheet[len(rows) + 1]):
        cell.font = bold
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS, start=1):
        longest = max(len(str(v)) for v in [name, *(row[index - 1] for row in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 60)
    about = book.create_sheet("report")
    for label, value in (
        ("unit_code", report.unit_code),
        ("week", report.week),
        ("period_start", report.period_start.astimezone(ZONE).isoformat()),
        ("period_end", report.period_end.astimezone(ZONE).isoformat()),
        ("deadline", report.deadline.astimezone(ZONE).isoformat()),
        ("status", report.status),
    ):
        about.append([label, value])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    content_type: str
    filename: str


# The formats by name (reporting.v1's ExportFormat): how each is written, and its type.
FORMATS = {"CSV": (to_csv, CSV_TYPE), "XLSX": (to_xlsx, XLSX_TYPE)}


def check_format(name: str) -> None:
    if name not in FORMATS:
        raise InvalidArgument.on("format", f"must be one of {', '.join(FORMATS)}")


def exported(report: WeeklyReport, name: str) -> ExportedFile:
    write, content_type = FORMATS[name]
    filename = f"weekly-report-{report.unit_code}-{report.week}.{name.lower()}"
    return ExportedFile(write(report), content_type, filename)
