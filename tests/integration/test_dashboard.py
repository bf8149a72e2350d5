"""The dashboard: burndown, ageing and charts."""

from phananh.reporting.v1 import reporting_pb2 as pb
from phananh_common.outbox import envelope_for
from tests.integration.report_script import (
    script,
)


async def test_dashboard_burndown_ageing_and_charts(reporting, clock):
    for producer, event in script():
        await reporting.deliver(envelope_for(producer, event))
    request = pb.GetDashboardRequest(
        unit_code="731",
        from_date={"year": 2021, "month": 10, "day": 1},
        to_date={"year": 2021, "month": 10, "day": 7},
        deadline={"year": 2021, "month": 10, "day": 15},
    )
    dashboard = await reporting.api.GetDashboard(request)
    backlog = [(b.day.day, b.open) for b in dashboard.burndown]
    # Open at the end of each day: c3 and c5 from September, then arrivals and decisions.
    assert backlog == [(1, 3), (2, 4), (3, 3), (4, 3), (5, 2), (6, 2), (7, 3)]
    # The target line falls from 3 on 1 October to 0 on the 15th: 8 of 14 days left on the 7th.
    assert dashboard.burndown[0].target == 3.0
    assert dashboard.burndown[-1].target == round(3 * 8 / 14, 1)
    assert {a.label: a.open for a in dashboard.ageing} == {"0-2": 1, "3-5": 1, "6-7": 0, ">7": 1}
    assert dashboard.figures.received == 5 and len(dashboard.by_unit) == 25
    # Without a deadline: the day of PHANANH_BACKLOG_DUE_AT, the order's 15 October.
    request.ClearField("deadline")
    assert (await reporting.api.GetDashboard(request)).burndown == dashboard.burndown

    chart = await reporting.api.GetChart(
        pb.GetChartRequest(kind=pb.CHART_KIND_BURNDOWN, unit_code="731", deadline=request.deadline)
    )
    assert chart.content_type == "image/svg+xml" and b"<title" in chart.content
    # Vietnamese unless English is asked for, as the dashboard does after its switch.
    assert "Hồ sơ tồn của" in chart.content.decode()
    english = await reporting.api.GetChart(
        pb.GetChartRequest(kind=pb.CHART_KIND_UNITS, unit_code="731", lang="en")
    )
    assert "Pending complaints by unit" in english.content.decode()
