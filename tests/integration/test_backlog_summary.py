"""The summary's backlog against its deadline, through reporting's gRPC API: the open
complaints of a district and of each commune, the closures a day still needed, the last seven
days' pace and when it ends the backlog."""

from phananh.reporting.v1 import reporting_pb2 as pb
from phananh_common.outbox import envelope_for
from tests.integration.report_script import script


async def test_the_summary_tells_each_units_backlog_against_the_deadline(reporting, clock):
    # Friday 8 October 2021, 09:00; the deadline is the order's, 15 October.
    for producer, event in script():
        await reporting.deliver(envelope_for(producer, event))
    summary = await reporting.api.GetSummary(pb.GetSummaryRequest(unit_code="731"))
    backlog = summary.backlog
    # Open now: c4 (needs info), c5, and c7 (no case yet); closed from 2 to 8 October: c1,
    # c2, c3 and c9.
    assert (backlog.open, backlog.days_left) == (3, 7)
    assert (backlog.deadline.month, backlog.deadline.day) == (10, 15)
    assert backlog.open == summary.figures.pending
    assert backlog.rate_7d == round(4 / 7, 1)
    assert backlog.needed_per_day == round(3 / 8, 1)  # 8 days with the deadline's own
    # At four closures a week, the three take six days: Thursday 14 October, on track.
    assert (backlog.projected_finish.month, backlog.projected_finish.day) == (10, 14)
    assert backlog.on_track

    # Each commune's own: c4 and c5 at 25993; c7, not routed yet, counts at its district alone.
    rows = {r.unit_code: r.backlog for r in summary.by_unit}
    assert rows["25993"].open == 2 and rows["25996"].open == 0
    assert rows["25993"].rate_7d == round(3 / 7, 1)  # c1, c3 and c9 closed there
    assert all(b.deadline == backlog.deadline for b in rows.values())
    # A commune with nothing open has finished; one with nothing closed lately never will.
    quiet = next(b for code, b in rows.items() if code not in ("25993", "25996"))
    assert quiet.open == 0 and quiet.on_track

    # Two weeks on, nothing more closed: the deadline passed, the backlog is behind.
    clock.now = clock.now.replace(day=22)
    late = (await reporting.api.GetSummary(pb.GetSummaryRequest(unit_code="731"))).backlog
    assert late.days_left == -7 and late.rate_7d == 0.0
    assert not late.HasField("projected_finish") and not late.on_track
    assert late.needed_per_day == 3.0
