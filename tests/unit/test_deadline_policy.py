"""The deadline of a complaint: the SLA after submission, or the backlog's fixed date for
complaints received before the backlog's cut-off."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from phananh_common.local_time import LOCAL_ZONE
from phananh_common.policy import DeadlinePolicy


def test_the_sla_counts_from_submission():
    submitted = datetime(2021, 10, 20, 9, tzinfo=UTC)
    assert DeadlinePolicy(sla_hours=48).due_at(submitted) == submitted + timedelta(hours=48)


def test_the_backlog_is_due_by_its_fixed_date():
    policy = DeadlinePolicy(
        sla_hours=168,
        backlog_received_before="2021-10-03",
        backlog_due_at="2021-10-15T23:59:59",
    )
    fixed = datetime(2021, 10, 15, 23, 59, 59, tzinfo=LOCAL_ZONE)
    assert policy.due_at(datetime(2021, 9, 1, tzinfo=UTC)) == fixed
    # Midnight of 3 Oct in Viet Nam is 17:00 UTC the day before.
    assert policy.due_at(datetime(2021, 10, 2, 16, 59, tzinfo=UTC)) == fixed
    after = datetime(2021, 10, 2, 17, 0, tzinfo=UTC)
    assert policy.due_at(after) == after + timedelta(days=7)


def test_the_backlog_is_due_by_the_orders_deadline_unless_told_otherwise():
    policy = DeadlinePolicy(sla_hours=168, backlog_received_before="2021-10-03")
    order = datetime(2021, 10, 15, 23, 59, tzinfo=LOCAL_ZONE)
    assert policy.due_at(datetime(2021, 9, 1, tzinfo=UTC)) == order
    # The dashboards' burn-down aims at the same day.
    assert policy.backlog_due_day == order.date()
    assert DeadlinePolicy(backlog_due_at="2021-10-31T00:30").backlog_due_day.day == 31


def test_the_backlog_cut_off_comes_before_its_deadline():
    with pytest.raises(ValidationError, match="PHANANH_BACKLOG_RECEIVED_BEFORE"):
        DeadlinePolicy(backlog_received_before="2021-10-20", backlog_due_at="2021-10-15")
