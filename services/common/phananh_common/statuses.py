"""A case's statuses, as resolution's CaseStatus names them (phananh.types.v1), and the closed
ones: a case in one of them has its outcome and is no longer worked on. Plain strings, so that
a domain compares them without importing the protos."""

RECEIVED, ASSIGNED, IN_REVIEW, NEEDS_INFO = "RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO"
RESOLVED, REJECTED, DUPLICATE = "RESOLVED", "REJECTED", "DUPLICATE"
CLOSED = (RESOLVED, REJECTED, DUPLICATE)
