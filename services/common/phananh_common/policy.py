"""Deadline policies: a complaint is due `PHANANH_SLA_HOURS` after submission (a policy, not a
constant: the national rule went from 7 days to 48 hours). The backlog is due by
`PHANANH_BACKLOG_DUE_AT` (the order's deadline, 15 Oct 2021, by default): complaints received
before `PHANANH_BACKLOG_RECEIVED_BEFORE`, when set, are due then, and the dashboards' burn-down
aims at it. Instants without an offset are Asia/Ho_Chi_Minh."""

from datetime import date, datetime, timedelta

from pydantic import Field, field_validator, model_validator

from phananh_common.config import PhananhSettings
from phananh_common.local_time import LOCAL_ZONE

# The end of 15 October 2021 (23:59, local time): when the order wants the backlog cleared.
ORDER_BACKLOG_DUE_AT = datetime(2021, 10, 15, 23, 59, tzinfo=LOCAL_ZONE)


class DeadlinePolicy(PhananhSettings):
    sla_hours: float = Field(168.0, gt=0, alias="PHANANH_SLA_HOURS")
    backlog_received_before: datetime | None = Field(None, alias="PHANANH_BACKLOG_RECEIVED_BEFORE")
    backlog_due_at: datetime = Field(ORDER_BACKLOG_DUE_AT, alias="PHANANH_BACKLOG_DUE_AT")

    @field_validator("backlog_received_before", "backlog_due_at", mode="before")
    @classmethod
    def _local_unless_offset(cls, value):
        if value in (None, ""):
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)

    @model_validator(mode="after")
    def _backlog_received_before_its_deadline(self) -> "DeadlinePolicy":
        received_before = self.backlog_received_before
        if received_before and received_before >= self.backlog_due_at:
            raise ValueError(
                "PHANANH_BACKLOG_RECEIVED_BEFORE must be before PHANANH_BACKLOG_DUE_AT"
            )
        return self

    @property
    def backlog_due_day(self) -> date:
        """The local day the backlog is due: where the burn-down reaches zero."""
        return self.backlog_due_at.astimezone(LOCAL_ZONE).date()

    def due_at(self, submitted_at: datetime) -> datetime:
        if self.backlog_received_before and submitted_at < self.backlog_received_before:
            return self.backlog_due_at
        return submitted_at + timedelta(hours=self.sla_hours)


class RetentionPolicy(PhananhSettings):
    """How long a closed complaint's personal data is kept: `PHANANH_RETENTION_DAYS` after it
    closed, its evidence is deleted and its person replaced by a pseudonym."""

    retention_days: int = Field(365, ge=1, le=36_500, alias="PHANANH_RETENTION_DAYS")

    @property
    def kept_for(self) -> timedelta:
        return timedelta(days=self.retention_days)
