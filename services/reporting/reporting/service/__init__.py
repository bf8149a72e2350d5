"""Reporting's use cases: the events applied to the projection (projection), the reports the
officers ask for (reports), and the projection rebuilt from the producers' outboxes (rebuild)."""
