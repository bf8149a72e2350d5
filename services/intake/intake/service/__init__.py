"""Intake's use cases, each owning its transaction: submissions (with idempotency and the
limits per address), what a citizen does with a tracking code (citizen), one-time codes,
facilities, officers' evidence reads (evidence), resolution's case changes projected into the
citizen's status (projection), the periodic housekeeping, and the backlog import's writes
(backlog). The events they publish are built in events."""
