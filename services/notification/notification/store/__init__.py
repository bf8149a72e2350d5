"""Notification's tables and the queries on them, by topic: `tables`, `queue` (what both
queues share), `messages`, `delivery_reports`, `healthbook`. Each function takes the
connection of a transaction its caller owns."""
