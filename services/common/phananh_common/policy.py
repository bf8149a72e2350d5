"""Deadline policy: a complaint is due `PHANANH_SLA_HOURS` after submission (a policy, not a
constant: the national rule went from 7 days to 48 hours)."""

from datetime import datetime, timedelta

from pydantic import Field

from phananh_common.config import PhananhSettings


class DeadlinePolicy(PhananhSettings):
    sla_hours: float = Field(168.0, gt=0, alias="PHANANH_SLA_HOURS")

    def due_at(self, submitted_at: datetime) -> datetime:
        return submitted_at + timedelta(hours=self.sla_hours)
