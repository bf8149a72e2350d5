"""Reporting refuses bad input field by field, changing nothing, and units outside the
caller's."""

import grpc
import pytest
from google.rpc import error_details_pb2

from phananh.reporting.v1 import reporting_pb2 as pb
from phananh_common.grpc_errors import status_details
from tests.harness import scalar


@pytest.mark.parametrize(
    ("call", "request_", "fields"),
    [
        (
            "GetSummary",
            pb.GetSummaryRequest(
                from_date={"year": 2021, "month": 10, "day": 8},
                to_date={"year": 2021, "month": 10, "day": 1},
            ),
            ["to_date"],
        ),
        (
            "GetSummary",
            pb.GetSummaryRequest(to_date={"year": 2021, "month": 2, "day": 30}),
            ["to_date"],
        ),
        (
            "GetSummary",
            pb.GetSummaryRequest(
                from_date={"year": 1, "month": 1, "day": 1},
                to_date={"year": 9999, "month": 12, "day": 31},
            ),
            ["from_date", "to_date"],
        ),
        ("GetWeeklyReport", pb.GetWeeklyReportRequest(unit_code="731", week="2021-W54"), ["week"]),
        (
            "GetWeeklyReport",
            pb.GetWeeklyReportRequest(unit_code="25993", week="2021-W40"),
            ["unit_code"],
        ),
        ("GetWeeklyReport", pb.GetWeeklyReportRequest(unit_code="731", week="2021-W45"), ["week"]),
        (
            "ExportWeeklyReport",
            pb.ExportWeeklyReportRequest(unit_code="731", week="2021-W40"),
            ["format"],
        ),
        (
            "SubmitWeeklyReport",
            pb.SubmitWeeklyReportRequest(unit_code="731", week="x"),
            ["week"],
        ),
        (
            "SubmitWeeklyReport",
            pb.SubmitWeeklyReportRequest(unit_code="731", week="2021-W40", note="x" * 2001),
            ["note"],
        ),
        ("GetWeeklyStatus", pb.GetWeeklyStatusRequest(week="2021-W54"), ["week"]),
        ("GetChart", pb.GetChartRequest(), ["kind"]),
        ("GetChart", pb.GetChartRequest(kind=pb.CHART_KIND_UNITS, lang="fr"), ["lang"]),
        (
            "GetDashboard",
            pb.GetDashboardRequest(from_date={"year": 2020, "month": 1, "day": 1}),
            ["from_date"],
        ),
    ],
)
async def test_bad_input_names_each_field_and_changes_nothing(reporting, call, request_, fields):
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        district = reporting.district("731") if call == "SubmitWeeklyReport" else None
        await getattr(reporting.api, call)(request_, metadata=district)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = status_details(raised.value)
    bad_request = error_details_pb2.BadRequest()
    next(d for d in status.details if d.Unpack(bad_request))
    assert [v.field for v in bad_request.field_violations] == fields
    assert (
        await scalar(reporting.database_urls["reporting"], "SELECT count(*) FROM weekly_reports")
        == 0
    )


@pytest.mark.parametrize("unit_code", ["99999", "760"])  # no such unit; another province's
async def test_a_unit_outside_the_callers_is_refused(reporting, unit_code):
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await reporting.api.GetSummary(pb.GetSummaryRequest(unit_code=unit_code))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
