"""The cases' tables and the queries on them, each on a connection it is given: cases and
their history (cases), the facilities' re-checks (rechecks), the daily digests' counts and
records (digests). The accounts' tables are reached through resolution.accounts.directory."""
