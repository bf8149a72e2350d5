"""Report routes: summaries, the districts' weekly reports and their exports, the province's
view of who has reported, the dashboard and its charts. Mapping only: reporting decides.
Instants are shown in Asia/Ho_Chi_Minh."""

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from gateway.auth import Officer
from gateway.clients import Clients, ClientsDep
from gateway.schemas import Day
from phananh.reporting.v1 import reporting_pb2 as pb
from phananh_common.local_time import LOCAL_ZONE
from phananh_common.protoconv import enum_name, enum_value, from_date, to_date, to_datetime

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


UnitCode = Annotated[str, Query(description="province, district or commune; default yours")]
FromDay = Annotated[Day | None, Query(alias="from", description="first day, included")]
ToDay = Annotated[Day | None, Query(alias="to", description="last day, included")]
Deadline = Annotated[Day | None, Query(description="the day the backlog should reach zero")]
Week = Annotated[str, Query(description="ISO week, e.g. 2021-W40")]
ChartLanguage = Annotated[
    Literal["vi", "en"], Query(description="the language of the chart's words")
]


class Figures(BaseModel):
    received: int
    resolved: int
    rejected: int
    duplicate: int
    needs_info: int
    pending: int
    overdue: int
    on_time_rate: float | None
    processing_hours_p50: float | None
    processing_hours_p90: float | None
    rejection_reasons: dict[str, int]
    received_by_category: dict[str, int]
    outcome_sms_delivered: int
    outcome_sms_failed: int
    outcome_sms_delivered_rate: float | None


class Backlog(BaseModel):
    """The open complaints against the backlog deadline, at the last seven days' pace."""

    deadline: date
    open: int
    days_left: int
    needed_per_day: float
    rate_7d: float
    projected_finish: date | None
    on_track: bool


class UnitFigures(Figures):
    unit_code: str
    unit_name: str
    # A summary's alone (null in the other reports).
    backlog: Backlog | None = None


class Summary(Figures):
    unit_code: str
    by_unit: list[UnitFigures]
    # A summary's alone (null in the dashboard).
    backlog: Backlog | None = None


class WeeklyReport(BaseModel):
    unit_code: str
    week: str
    period_start: datetime
    period_end: datetime
    deadline: datetime
    status: Literal["DRAFT", "SUBMITTED", "LATE"]
    generated_at: datetime
    submitted_at: datetime | None
    note: str
    totals: Figures
    rows: list[UnitFigures]


class SubmitIn(BaseModel):
    note: str = Field("", max_length=2000)


class DistrictStatus(BaseModel):
    unit_code: str
    unit_name: str
    status: Literal["MISSING", "DRAFT", "SUBMITTED", "LATE"]
    submitted_at: datetime | None
    late: bool


class WeeklyStatus(BaseModel):
    week: str
    deadline: datetime
    districts: list[DistrictStatus]


class BacklogDay(BaseModel):
    day: date
    open: int
    target: float | None


class Dashboard(Summary):
    deadline: date
    burndown: list[BacklogDay]
    ageing: dict[str, int]


def _instant(stamp, present: bool = True) -> datetime | None:
    return to_datetime(stamp).astimezone(LOCAL_ZONE) if present else None


def _optional(message, name: str):
    return getattr(message, name) if message.HasField(name) else None


def _figures(f: pb.ReportFigures) -> dict:
    return {
        **{name: getattr(f, name) for name in Figures.model_fields if name not in _SPECIAL},
        **{name: _optional(f, name) for name in _OPTIONAL},
        "rejection_reasons": dict(f.rejection_reasons),
        "received_by_category": dict(f.received_by_category),
    }


_OPTIONAL = (
    "on_time_rate",
    "processing_hours_p50",
    "processing_hours_p90",
    "outcome_sms_delivered_rate",
)
_SPECIAL = (*_OPTIONAL, "rejection_reasons", "received_by_category")


def _backlog(message, name: str = "backlog") -> Backlog | None:
    if not message.HasField(name):
        return None
    b = getattr(message, name)
    return Backlog(
        deadline=to_date(b.deadline),
        open=b.open,
        days_left=b.days_left,
        needed_per_day=b.needed_per_day,
        rate_7d=b.rate_7d,
        projected_finish=to_date(b.projected_finish) if b.HasField("projected_finish") else None,
        on_track=b.on_track,
    )


def _rows(rows) -> list[UnitFigures]:
    return [
        UnitFigures(
            unit_code=r.unit_code,
            unit_name=r.unit_name,
            backlog=_backlog(r),
            **_figures(r.figures),
        )
        for r in rows
    ]


def _report(r: pb.WeeklyReport) -> WeeklyReport:
    return WeeklyReport(
        unit_code=r.unit_code,
        week=r.week,
        period_start=_instant(r.period_start),
        period_end=_instant(r.period_end),
        deadline=_instant(r.deadline),
        status=enum_name(pb.WeeklyReportStatus, r.status),
        generated_at=_instant(r.generated_at),
        submitted_at=_instant(r.submitted_at, r.HasField("submitted_at")),
        note=r.note,
        totals=Figures(**_figures(r.totals)),
        rows=_rows(r.rows),
    )


def _download(reply) -> Response:
    return Response(
        reply.content,
        media_type=reply.content_type,
        headers={"content-disposition": f'attachment; filename="{reply.filename}"'},
    )


@router.get("/summary", response_model=Summary)
async def summary(
    c: ClientsDep,
    officer: Officer,
    unit_code: UnitCode = "",
    from_: FromDay = None,
    to: ToDay = None,
):
    reply = await c.reporting.GetSummary(
        pb.GetSummaryRequest(
            unit_code=unit_code, from_date=from_date(from_), to_date=from_date(to)
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return Summary(
        unit_code=reply.unit_code,
        by_unit=_rows(reply.by_unit),
        backlog=_backlog(reply),
        **_figures(reply.figures),
    )


@router.get(
    "/weekly",
    response_model=WeeklyReport,
    responses={200: {"content": {"text/csv": {}, "application/vnd.openxmlformats-"
                                 "officedocument.spreadsheetml.sheet": {}}}},
)  # fmt: skip
async def weekly(
    c: ClientsDep,
    officer: Officer,
    unit_code: Annotated[str, Query(description="a district")],
    week: Week,
    format: Literal["json", "csv", "xlsx"] = "json",
):
    if format != "json":
        reply = await c.reporting.ExportWeeklyReport(
            pb.ExportWeeklyReportRequest(
                unit_code=unit_code, week=week, format=enum_value(pb.ExportFormat, format.upper())
            ),
            timeout=c.deadline,
            metadata=officer,
        )
        return _download(reply)
    reply = await c.reporting.GetWeeklyReport(
        pb.GetWeeklyReportRequest(unit_code=unit_code, week=week),
        timeout=c.deadline,
        metadata=officer,
    )
    return _report(reply.report)


@router.post("/weekly/{unit_code}/{week}/submit", response_model=WeeklyReport)
async def submit_weekly(
    c: ClientsDep, officer: Officer, unit_code: str, week: str, body: SubmitIn | None = None
):
    reply = await c.reporting.SubmitWeeklyReport(
        pb.SubmitWeeklyReportRequest(
            unit_code=unit_code, week=week, note=(body or SubmitIn()).note
        ),
        timeout=c.deadline,
        metadata=officer,
    )
    return _report(reply.report)


@router.get("/weekly-status", response_model=WeeklyStatus)
async def weekly_status(c: ClientsDep, officer: Officer, week: Annotated[str, Query()] = ""):
    reply = await c.reporting.GetWeeklyStatus(
        pb.GetWeeklyStatusRequest(week=week), timeout=c.deadline, metadata=officer
    )
    return WeeklyStatus(
        week=reply.week,
        deadline=_instant(reply.deadline),
        districts=[
            DistrictStatus(
                unit_code=d.unit_code,
                unit_name=d.unit_name,
                status=enum_name(pb.WeeklyReportStatus, d.status),
                submitted_at=_instant(d.submitted_at, d.HasField("submitted_at")),
                late=d.late,
            )
            for d in reply.districts
        ],
    )


async def _dashboard_query(
    unit_code: UnitCode = "", from_: FromDay = None, to: ToDay = None, deadline: Deadline = None
) -> dict:
    """The dashboard's and the charts' query parameters, as the request's fields."""
    return {
        "unit_code": unit_code,
        "from_date": from_date(from_),
        "to_date": from_date(to),
        "deadline": from_date(deadline),
    }


DashboardQuery = Annotated[dict, Depends(_dashboard_query)]


@router.get("/dashboard", response_model=Dashboard)
async def dashboard(c: ClientsDep, officer: Officer, query: DashboardQuery):
    reply = await c.reporting.GetDashboard(
        pb.GetDashboardRequest(**query), timeout=c.deadline, metadata=officer
    )
    return Dashboard(
        unit_code=reply.unit_code,
        by_unit=_rows(reply.by_unit),
        **_figures(reply.figures),
        deadline=to_date(reply.deadline),
        burndown=[
            BacklogDay(day=to_date(b.day), open=b.open, target=_optional(b, "target"))
            for b in reply.burndown
        ],
        ageing={a.label: a.open for a in reply.ageing},
    )


async def _chart(c: Clients, officer: Officer, kind: int, fields: dict, lang: str) -> Response:
    reply = await c.reporting.GetChart(
        pb.GetChartRequest(kind=kind, lang=lang, **fields), timeout=c.deadline, metadata=officer
    )
    return Response(reply.content, media_type=reply.content_type)


@router.get("/charts/burndown.svg", response_class=Response)
async def burndown_chart(
    c: ClientsDep, officer: Officer, query: DashboardQuery, lang: ChartLanguage = "vi"
):
    return await _chart(c, officer, pb.CHART_KIND_BURNDOWN, query, lang)


@router.get("/charts/districts.svg", response_class=Response)
async def units_chart(
    c: ClientsDep, officer: Officer, query: DashboardQuery, lang: ChartLanguage = "vi"
):
    return await _chart(c, officer, pb.CHART_KIND_UNITS, query, lang)
