"""ReportingService and the handlers of the other services' events: protobuf ↔ domain."""

import uuid
from datetime import date

from google.type.date_pb2 import Date
from sqlalchemy.ext.asyncio import AsyncConnection

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.notification.v1 import notification_pb2
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.access import (
    CASE_WORKERS,
    DISTRICT_ADMIN,
    DISTRICT_OFFICER,
    PROVINCE_ROLES,
    officers,
)
from phananh_common.errors import InvalidArgument, Violations
from phananh_common.policy import DeadlinePolicy
from phananh_common.protoconv import enum_name, enum_value, from_date, from_datetime, to_date
from phananh_common.protoconv import to_datetime as to_instant
from reporting import exports
from reporting.domain import charts
from reporting.domain.chart_texts import DEFAULT_LANGUAGE, LANGUAGES
from reporting.domain.figures import FINAL, OUTCOME_MESSAGES, Figures, UnitFigures
from reporting.domain.weeks import WeeklyReport
from reporting.reports import Reports
from reporting.store import ReportingStore


def _figures(f: Figures) -> pb.ReportFigures:
    # vars, not asdict: no deep copy of each unit's dictionaries on the way to protobuf.
    return pb.ReportFigures(**{k: v for k, v in vars(f).items() if v is not None})


def _rows(rows: list[UnitFigures]) -> list[pb.UnitFigures]:
    return [
        pb.UnitFigures(unit_code=r.unit_code, unit_name=r.unit_name, figures=_figures(r.figures))
        for r in rows
    ]


def _report(r: WeeklyReport) -> pb.WeeklyReport:
    return pb.WeeklyReport(
        unit_code=r.unit_code,
        week=r.week,
        period_start=from_datetime(r.period_start),
        period_end=from_datetime(r.period_end),
        deadline=from_datetime(r.deadline),
        status=enum_value(pb.WeeklyReportStatus, r.status),
        totals=_figures(r.totals),
        rows=_rows(r.rows),
        generated_at=from_datetime(r.generated_at),
        submitted_at=from_datetime(r.submitted_at),
        note=r.note,
    )


def _days(request, *fields: str) -> list[date | None]:
    """The request's google.type.Date fields; a violation for any set but impossible one."""
    violations = Violations()
    days = []
    for name in fields:
        value: Date = getattr(request, name)
        day = to_date(value)
        if day is None and (value.year or value.month or value.day):
            violations.add(name, "must be a real date")
        days.append(day)
    violations.raise_if_any()
    return days


def _one_of(request, field: str, enum, allowed: tuple[str, ...]) -> str:
    """The name of the request's enum `field`; a violation unless it is one of `allowed`."""
    name = enum_name(enum, getattr(request, field))
    if name not in allowed:
        violations = Violations()
        violations.add(field, f"must be one of {', '.join(allowed)}")
        violations.raise_if_any()
    return name


# A summary of the caller's unit (the default) or of a unit inside it.
# Reports inside the caller's unit (an empty unit_code is the caller's own); the district
# sends its own weekly report; the province sees which districts have.
_INSIDE = officers(CASE_WORKERS, unit_field="unit_code")
ACCESS = {
    "GetSummary": _INSIDE,
    "GetDashboard": _INSIDE,
    "GetChart": _INSIDE,
    "GetWeeklyReport": _INSIDE,
    "ExportWeeklyReport": _INSIDE,
    "SubmitWeeklyReport": officers({DISTRICT_ADMIN, DISTRICT_OFFICER}, unit_field="unit_code"),
    "GetWeeklyStatus": officers(PROVINCE_ROLES),
}


class ReportingApi(reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, reports: Reports):
        self._reports = reports

    async def GetSummary(self, request, context):  # noqa: N802 (gRPC's names, here and below)
        first, last = _days(request, "from_date", "to_date")
        s = await self._reports.summary(request.unit_code, first, last)
        return pb.GetSummaryResponse(
            unit_code=s.unit.code, figures=_figures(s.figures), by_unit=_rows(s.by_unit)
        )

    async def GetWeeklyReport(self, request, context):  # noqa: N802
        report = await self._reports.weekly(request.unit_code, request.week)
        return pb.GetWeeklyReportResponse(report=_report(report))

    async def ExportWeeklyReport(self, request, context):  # noqa: N802
        kind = _one_of(request, "format", pb.ExportFormat, ("CSV", "XLSX"))
        report = await self._reports.weekly(request.unit_code, request.week)
        content, content_type = (
            (exports.to_csv(report), exports.CSV_TYPE)
            if kind == "CSV"
            else (exports.to_xlsx(report), exports.XLSX_TYPE)
        )
        return pb.ExportWeeklyReportResponse(
            content=content,
            content_type=content_type,
            filename=f"weekly-report-{report.unit_code}-{report.week}.{kind.lower()}",
        )

    async def SubmitWeeklyReport(self, request, context):  # noqa: N802
        report = await self._reports.submit(request.unit_code, request.week, request.note)
        return pb.SubmitWeeklyReportResponse(report=_report(report))

    async def GetWeeklyStatus(self, request, context):  # noqa: N802
        week, districts = await self._reports.weekly_status(request.week)
        return pb.GetWeeklyStatusResponse(
            week=week.label,
            deadline=from_datetime(week.deadline),
            districts=[
                pb.DistrictReportStatus(
                    unit_code=d.unit.code,
                    unit_name=d.unit.name,
                    status=enum_value(pb.WeeklyReportStatus, d.status),
                    submitted_at=from_datetime(d.submitted_at),
                    late=d.late,
                )
                for d in districts
            ],
        )

    async def _dashboard(self, request):
        first, last, deadline = _days(request, "from_date", "to_date", "deadline")
        return await self._reports.dashboard(request.unit_code, first, last, deadline)

    async def GetDashboard(self, request, context):  # noqa: N802
        d = await self._dashboard(request)
        return pb.GetDashboardResponse(
            unit_code=d.unit.code,
            figures=_figures(d.figures),
            by_unit=_rows(d.by_unit),
            deadline=from_date(d.deadline),
            burndown=[
                pb.BacklogDay(day=from_date(b.day), open=b.open, target=b.target)
                for b in d.burndown
            ],
            ageing=[pb.AgeingBucket(label=label, open=n) for label, n in d.ageing.items()],
        )

    async def GetChart(self, request, context):  # noqa: N802
        kind = _one_of(request, "kind", pb.ChartKind, ("BURNDOWN", "UNITS"))
        lang = request.lang or DEFAULT_LANGUAGE
        if lang not in LANGUAGES:
            raise InvalidArgument.on("lang", f"must be one of {', '.join(LANGUAGES)}")
        d = await self._dashboard(request)
        svg = (
            charts.burndown_svg(d.burndown, d.deadline, d.unit.name, lang)
            if kind == "BURNDOWN"
            else charts.units_svg(d.by_unit, d.unit.name, lang)
        )
        return pb.GetChartResponse(content=svg.encode(), content_type="image/svg+xml")


class EventHandlers:
    """The projection: each event sets its producer's columns of the complaint's fact."""

    def __init__(self, policy: DeadlinePolicy):
        self._policy = policy

    async def complaint_submitted(
        self, conn: AsyncConnection, event: ComplaintSubmitted, _envelope
    ) -> None:
        address = event.complaint.citizen.address
        submitted_at = to_instant(event.submitted_at)
        await ReportingStore.record_complaint(
            conn,
            uuid.UUID(event.complaint_id),
            {
                "category": enum_name(types_pb2.ComplaintCategory, event.complaint.category),
                "province_code": address.province_code,
                "district_code": address.district_code,
                "commune_code": address.commune_code,
                "submitted_at": submitted_at,
                "due_at": self._policy.due_at(submitted_at),
            },
        )

    async def case_status_changed(
        self, conn: AsyncConnection, event: CaseStatusChanged, _envelope
    ) -> None:
        status = enum_name(types_pb2.CaseStatus, event.status)
        final = status in FINAL
        decided = event.outcome.decided_at if event.outcome.HasField("decided_at") else None
        values = {
            "status": status,
            "unit_code": event.unit_code,
            "decided_at": to_instant(decided or event.changed_at) if final else None,
            "reason_code": event.outcome.reason_code if status == "REJECTED" else None,
        }
        if event.HasField("due_at"):  # else the deadline known so far stands
            values["due_at"] = to_instant(event.due_at)
        await ReportingStore.record_case(conn, uuid.UUID(event.complaint_id), event.version, values)

    async def message_status_changed(
        self, conn: AsyncConnection, event: MessageStatusChanged, _envelope
    ) -> None:
        """The SMS that tells the citizen the outcome; the other messages are not reported."""
        if enum_name(notification_pb2.MessageKind, event.kind) not in OUTCOME_MESSAGES:
            return
        await ReportingStore.record_outcome_message(
            conn,
            uuid.UUID(event.complaint_id),
            enum_name(notification_pb2.MessageStatus, event.status),
            to_instant(event.changed_at),
        )
