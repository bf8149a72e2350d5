import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WeeklyReportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WEEKLY_REPORT_STATUS_UNSPECIFIED: _ClassVar[WeeklyReportStatus]
    WEEKLY_REPORT_STATUS_MISSING: _ClassVar[WeeklyReportStatus]
    WEEKLY_REPORT_STATUS_DRAFT: _ClassVar[WeeklyReportStatus]
    WEEKLY_REPORT_STATUS_SUBMITTED: _ClassVar[WeeklyReportStatus]
    WEEKLY_REPORT_STATUS_LATE: _ClassVar[WeeklyReportStatus]

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_CSV: _ClassVar[ExportFormat]
    EXPORT_FORMAT_XLSX: _ClassVar[ExportFormat]

class ChartKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHART_KIND_UNSPECIFIED: _ClassVar[ChartKind]
    CHART_KIND_BURNDOWN: _ClassVar[ChartKind]
    CHART_KIND_UNITS: _ClassVar[ChartKind]
WEEKLY_REPORT_STATUS_UNSPECIFIED: WeeklyReportStatus
WEEKLY_REPORT_STATUS_MISSING: WeeklyReportStatus
WEEKLY_REPORT_STATUS_DRAFT: WeeklyReportStatus
WEEKLY_REPORT_STATUS_SUBMITTED: WeeklyReportStatus
WEEKLY_REPORT_STATUS_LATE: WeeklyReportStatus
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_CSV: ExportFormat
EXPORT_FORMAT_XLSX: ExportFormat
CHART_KIND_UNSPECIFIED: ChartKind
CHART_KIND_BURNDOWN: ChartKind
CHART_KIND_UNITS: ChartKind

class ReportFigures(_message.Message):
    __slots__ = ("received", "resolved", "rejected", "duplicate", "needs_info", "pending", "overdue", "on_time_rate", "processing_hours_p50", "processing_hours_p90", "rejection_reasons", "received_by_category", "outcome_sms_delivered", "outcome_sms_failed", "outcome_sms_delivered_rate")
    class RejectionReasonsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ReceivedByCategoryEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    NEEDS_INFO_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_RATE_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_HOURS_P50_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_HOURS_P90_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASONS_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_BY_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SMS_DELIVERED_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SMS_FAILED_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SMS_DELIVERED_RATE_FIELD_NUMBER: _ClassVar[int]
    received: int
    resolved: int
    rejected: int
    duplicate: int
    needs_info: int
    pending: int
    overdue: int
    on_time_rate: float
    processing_hours_p50: float
    processing_hours_p90: float
    rejection_reasons: _containers.ScalarMap[str, int]
    received_by_category: _containers.ScalarMap[str, int]
    outcome_sms_delivered: int
    outcome_sms_failed: int
    outcome_sms_delivered_rate: float
    def __init__(self, received: _Optional[int] = ..., resolved: _Optional[int] = ..., rejected: _Optional[int] = ..., duplicate: _Optional[int] = ..., needs_info: _Optional[int] = ..., pending: _Optional[int] = ..., overdue: _Optional[int] = ..., on_time_rate: _Optional[float] = ..., processing_hours_p50: _Optional[float] = ..., processing_hours_p90: _Optional[float] = ..., rejection_reasons: _Optional[_Mapping[str, int]] = ..., received_by_category: _Optional[_Mapping[str, int]] = ..., outcome_sms_delivered: _Optional[int] = ..., outcome_sms_failed: _Optional[int] = ..., outcome_sms_delivered_rate: _Optional[float] = ...) -> None: ...

class Backlog(_message.Message):
    __slots__ = ("deadline", "open", "days_left", "needed_per_day", "rate_7d", "projected_finish", "on_track")
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    DAYS_LEFT_FIELD_NUMBER: _ClassVar[int]
    NEEDED_PER_DAY_FIELD_NUMBER: _ClassVar[int]
    RATE_7D_FIELD_NUMBER: _ClassVar[int]
    PROJECTED_FINISH_FIELD_NUMBER: _ClassVar[int]
    ON_TRACK_FIELD_NUMBER: _ClassVar[int]
    deadline: _date_pb2.Date
    open: int
    days_left: int
    needed_per_day: float
    rate_7d: float
    projected_finish: _date_pb2.Date
    on_track: bool
    def __init__(self, deadline: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., open: _Optional[int] = ..., days_left: _Optional[int] = ..., needed_per_day: _Optional[float] = ..., rate_7d: _Optional[float] = ..., projected_finish: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., on_track: _Optional[bool] = ...) -> None: ...

class UnitFigures(_message.Message):
    __slots__ = ("unit_code", "unit_name", "figures", "backlog")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    unit_name: str
    figures: ReportFigures
    backlog: Backlog
    def __init__(self, unit_code: _Optional[str] = ..., unit_name: _Optional[str] = ..., figures: _Optional[_Union[ReportFigures, _Mapping]] = ..., backlog: _Optional[_Union[Backlog, _Mapping]] = ...) -> None: ...

class GetSummaryRequest(_message.Message):
    __slots__ = ("unit_code", "from_date", "to_date")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    from_date: _date_pb2.Date
    to_date: _date_pb2.Date
    def __init__(self, unit_code: _Optional[str] = ..., from_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., to_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class GetSummaryResponse(_message.Message):
    __slots__ = ("unit_code", "figures", "by_unit", "backlog")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    BY_UNIT_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    figures: ReportFigures
    by_unit: _containers.RepeatedCompositeFieldContainer[UnitFigures]
    backlog: Backlog
    def __init__(self, unit_code: _Optional[str] = ..., figures: _Optional[_Union[ReportFigures, _Mapping]] = ..., by_unit: _Optional[_Iterable[_Union[UnitFigures, _Mapping]]] = ..., backlog: _Optional[_Union[Backlog, _Mapping]] = ...) -> None: ...

class WeeklyReport(_message.Message):
    __slots__ = ("unit_code", "week", "period_start", "period_end", "deadline", "status", "totals", "rows", "generated_at", "submitted_at", "note")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    week: str
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    deadline: _timestamp_pb2.Timestamp
    status: WeeklyReportStatus
    totals: ReportFigures
    rows: _containers.RepeatedCompositeFieldContainer[UnitFigures]
    generated_at: _timestamp_pb2.Timestamp
    submitted_at: _timestamp_pb2.Timestamp
    note: str
    def __init__(self, unit_code: _Optional[str] = ..., week: _Optional[str] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[WeeklyReportStatus, str]] = ..., totals: _Optional[_Union[ReportFigures, _Mapping]] = ..., rows: _Optional[_Iterable[_Union[UnitFigures, _Mapping]]] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ...) -> None: ...

class GetWeeklyReportRequest(_message.Message):
    __slots__ = ("unit_code", "week")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    week: str
    def __init__(self, unit_code: _Optional[str] = ..., week: _Optional[str] = ...) -> None: ...

class GetWeeklyReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: WeeklyReport
    def __init__(self, report: _Optional[_Union[WeeklyReport, _Mapping]] = ...) -> None: ...

class ExportWeeklyReportRequest(_message.Message):
    __slots__ = ("unit_code", "week", "format")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    week: str
    format: ExportFormat
    def __init__(self, unit_code: _Optional[str] = ..., week: _Optional[str] = ..., format: _Optional[_Union[ExportFormat, str]] = ...) -> None: ...

class ExportWeeklyReportResponse(_message.Message):
    __slots__ = ("content", "content_type", "filename")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    content_type: str
    filename: str
    def __init__(self, content: _Optional[bytes] = ..., content_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class SubmitWeeklyReportRequest(_message.Message):
    __slots__ = ("unit_code", "week", "note")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    week: str
    note: str
    def __init__(self, unit_code: _Optional[str] = ..., week: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class SubmitWeeklyReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: WeeklyReport
    def __init__(self, report: _Optional[_Union[WeeklyReport, _Mapping]] = ...) -> None: ...

class GetWeeklyStatusRequest(_message.Message):
    __slots__ = ("week",)
    WEEK_FIELD_NUMBER: _ClassVar[int]
    week: str
    def __init__(self, week: _Optional[str] = ...) -> None: ...

class DistrictReportStatus(_message.Message):
    __slots__ = ("unit_code", "unit_name", "status", "submitted_at", "late")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    LATE_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    unit_name: str
    status: WeeklyReportStatus
    submitted_at: _timestamp_pb2.Timestamp
    late: bool
    def __init__(self, unit_code: _Optional[str] = ..., unit_name: _Optional[str] = ..., status: _Optional[_Union[WeeklyReportStatus, str]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., late: _Optional[bool] = ...) -> None: ...

class GetWeeklyStatusResponse(_message.Message):
    __slots__ = ("week", "deadline", "districts")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DISTRICTS_FIELD_NUMBER: _ClassVar[int]
    week: str
    deadline: _timestamp_pb2.Timestamp
    districts: _containers.RepeatedCompositeFieldContainer[DistrictReportStatus]
    def __init__(self, week: _Optional[str] = ..., deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., districts: _Optional[_Iterable[_Union[DistrictReportStatus, _Mapping]]] = ...) -> None: ...

class GetDashboardRequest(_message.Message):
    __slots__ = ("unit_code", "from_date", "to_date", "deadline")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    from_date: _date_pb2.Date
    to_date: _date_pb2.Date
    deadline: _date_pb2.Date
    def __init__(self, unit_code: _Optional[str] = ..., from_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., to_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., deadline: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class BacklogDay(_message.Message):
    __slots__ = ("day", "open", "target")
    DAY_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    day: _date_pb2.Date
    open: int
    target: float
    def __init__(self, day: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., open: _Optional[int] = ..., target: _Optional[float] = ...) -> None: ...

class AgeingBucket(_message.Message):
    __slots__ = ("label", "open")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    label: str
    open: int
    def __init__(self, label: _Optional[str] = ..., open: _Optional[int] = ...) -> None: ...

class GetDashboardResponse(_message.Message):
    __slots__ = ("unit_code", "figures", "by_unit", "deadline", "burndown", "ageing")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    BY_UNIT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    BURNDOWN_FIELD_NUMBER: _ClassVar[int]
    AGEING_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    figures: ReportFigures
    by_unit: _containers.RepeatedCompositeFieldContainer[UnitFigures]
    deadline: _date_pb2.Date
    burndown: _containers.RepeatedCompositeFieldContainer[BacklogDay]
    ageing: _containers.RepeatedCompositeFieldContainer[AgeingBucket]
    def __init__(self, unit_code: _Optional[str] = ..., figures: _Optional[_Union[ReportFigures, _Mapping]] = ..., by_unit: _Optional[_Iterable[_Union[UnitFigures, _Mapping]]] = ..., deadline: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., burndown: _Optional[_Iterable[_Union[BacklogDay, _Mapping]]] = ..., ageing: _Optional[_Iterable[_Union[AgeingBucket, _Mapping]]] = ...) -> None: ...

class GetChartRequest(_message.Message):
    __slots__ = ("kind", "unit_code", "from_date", "to_date", "deadline", "lang")
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    LANG_FIELD_NUMBER: _ClassVar[int]
    kind: ChartKind
    unit_code: str
    from_date: _date_pb2.Date
    to_date: _date_pb2.Date
    deadline: _date_pb2.Date
    lang: str
    def __init__(self, kind: _Optional[_Union[ChartKind, str]] = ..., unit_code: _Optional[str] = ..., from_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., to_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., deadline: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., lang: _Optional[str] = ...) -> None: ...

class GetChartResponse(_message.Message):
    __slots__ = ("content", "content_type")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    content_type: str
    def __init__(self, content: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...
