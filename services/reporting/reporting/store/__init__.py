"""Reporting's tables and the queries on them, each on a connection it is given: the
projection's writes (projection), the reports' reads of the counters (reads), the weekly
reports (weekly) and the rebuild's (rebuild)."""
