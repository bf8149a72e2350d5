"""The accounts' tables and the queries on them, each on a connection it is given: accounts,
API keys and the security trail (accounts), failed logins (failed_logins), and what the other
topics ask of the accounts (directory, reached through resolution.accounts.directory)."""
