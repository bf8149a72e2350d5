"""Intake's tables and the queries on them, by topic: `tables`, `complaints` (lookups, notes,
the projected status), `submissions` (a submission's statement, idempotency keys),
`client_requests` (the counts per address), `one_time_codes`, `facilities`, `evidence` and
`backlog` (the bulk import's statements). Each function takes the connection of a
transaction its caller owns."""
