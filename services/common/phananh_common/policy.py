"""Deadline policies: a complaint is due `PHANANH_SLA_HOURS` after submission (a policy, not a
constant: the national rule went from 7 days to 48 hours); complaints received before
`PHANANH_BACKLOG_RECEIVED_BEFORE` are due by the fixed `PHANANH_BACKLOG_DUE_AT` (the order's
deadline for the backlog, 15 Oct 2021). Instants without an offset are Asia/Ho_Chi_Minh."""

from datetime import datetime, timedelta

from pydantic import Field, field_validator, model_validator

from phananh_common.config import PhananhSettings
from phananh_common.local_time import LOCAL_ZONE


class DeadlinePolicy(PhananhSettings):
    sla_hours: float = Field(168.0, gt=0, alias="PHANANH_SLA_HOURS")
    backlog_received_before: datetime | None = Field(None, alias="PHANANH_BACKLOG_RECEIVED_BEFORE")
    backlog_due_at: datetime | None = Field(None, alias="PHANANH_BACKLOG_DUE_AT")

    @field_validator("backlog_received_before", "backlog_due_at", mode="before")
    @classmethod
    def _local_unless_offset(cls, value):
        if value in (None, ""):
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)

    @model_validator(mode="after")
    def _both_or_neither(self) -> "DeadlinePolicy":
        if (self.backlog_received_before is None) != (self.backlog_due_at is None):
            raise ValueError(
                "set both PHANANH_BACKLOG_RECEIVED_BEFORE and PHANANH_BACKLOG_DUE_AT, or neither"
            )
        return self

    def due_at(self, submitted_at: datetime) -> datetime:
        if self.backlog_received_before and submitted_at < self.backlog_received_before:
            return self.backlog_due_at
        return submitted_at + timedelta(hours=self.sla_hours)
