"""ReportingService and the handlers of the other services' events: protobuf ↔ domain."""

import uuid
from datetime import date

from google.type.date_pb2 import Date

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.notification_events_pb2 import MessageStatusChanged
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged
from phananh.notification.v1 import notification_pb2
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh.reporting.v1 import reporting_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common.access import officers
from phananh_common.errors import Violations
from phananh_common.protoconv import enum_name, enum_value, from_date, from_datetime, to_date
from phananh_common.protoconv import to_datetime as to_instant
from phananh_common.roles import CASE_WORKERS, DISTRICT_ADMIN, DISTRICT_OFFICER, PROVINCE_ROLES
from reporting.domain import facts
from reporting.domain.backlog import Backlog
from reporting.domain.figures import Figures, UnitFigures
from reporting.domain.weeks import WeeklyReport
from reporting.service.projection import Projection
from reporting.service.reports import Reports


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
        rows = _rows(s.by_unit)
        for row in rows:
            row.backlog.CopyFrom(_backlog(s.backlogs[row.unit_code]))
        return pb.GetSummaryResponse(
            unit_code=s.unit.code,
            figures=_figures(s.figures),
            by_unit=rows,
            backlog=_backlog(s.backlogs[s.unit.code]),
        )

    async def GetWeeklyReport(self, request, context):  # noqa: N802
        report = await self._reports.weekly(request.unit_code, request.week)
        return pb.GetWeeklyReportResponse(report=_report(report))

    async def ExportWeeklyReport(self, request, context):  # noqa: N802
        exported = await self._reports.export_weekly(
            request.unit_code, request.week, enum_name(pb.ExportFormat, request.format)
        )
        return pb.ExportWeeklyReportResponse(
            content=exported.content,
            content_type=exported.content_type,
            filename=exported.filename,
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

    async def GetDashboard(self, request, context):  # noqa: N802
        first, last, deadline = _days(request, "from_date", "to_date", "deadline")
        d = await self._reports.dashboard(request.unit_code, first, last, deadline)
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
        first, last, deadline = _days(request, "from_date", "to_date", "deadline")
        svg = await self._reports.chart(
            enum_name(pb.ChartKind, request.kind),
            request.lang,
            request.unit_code,
            first,
            last,
            deadline,
        )
        return pb.GetChartResponse(content=svg.encode(), content_type="image/svg+xml")


def _backlog(b: Backlog) -> pb.Backlog:
    return pb.Backlog(
        deadline=from_date(b.deadline),
        open=b.open,
        days_left=b.days_left,
        needed_per_day=b.needed_per_day,
        rate_7d=b.rate_7d,
        projected_finish=from_date(b.projected_finish) if b.projected_finish else None,
        on_track=b.on_track,
    )


class EventHandlers:
    """The other services' events, as the projection reads them."""

    def __init__(self, projection: Projection):
        self._projection = projection

    async def complaint_submitted(self, conn, event: ComplaintSubmitted, _envelope) -> None:
        address = event.complaint.citizen.address
        await self._projection.complaint_submitted(
            conn,
            facts.ComplaintSubmitted(
                complaint_id=uuid.UUID(event.complaint_id),
                category=enum_name(types_pb2.ComplaintCategory, event.complaint.category),
                province_code=address.province_code,
                district_code=address.district_code,
                commune_code=address.commune_code,
                submitted_at=to_instant(event.submitted_at),
            ),
        )

    async def case_status_changed(self, conn, event: CaseStatusChanged, _envelope) -> None:
        outcome = event.outcome
        await self._projection.case_changed(
            conn,
            facts.CaseChanged(
                complaint_id=uuid.UUID(event.complaint_id),
                version=event.version,
                status=enum_name(types_pb2.CaseStatus, event.status),
                unit_code=event.unit_code,
                changed_at=to_instant(event.changed_at),
                decided_at=to_instant(outcome.decided_at)
                if outcome.HasField("decided_at")
                else None,
                reason_code=outcome.reason_code,
                due_at=to_instant(event.due_at) if event.HasField("due_at") else None,
            ),
        )

    async def message_status_changed(self, conn, event: MessageStatusChanged, _envelope) -> None:
        await self._projection.message_status_changed(
            conn,
            facts.MessageStatusChanged(
                complaint_id=uuid.UUID(event.complaint_id),
                kind=enum_name(notification_pb2.MessageKind, event.kind),
                status=enum_name(notification_pb2.MessageStatus, event.status),
                changed_at=to_instant(event.changed_at),
            ),
        )
