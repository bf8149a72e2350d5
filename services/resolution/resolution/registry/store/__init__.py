"""The registry's tables and the queries on them, each on a connection it is given: the
records read and written (records), their audit trail (audit), the facility directory and the
scope of records in SQL (facilities), and the import of the portal's extract (staging, with
plain_extract's set-based checks)."""
