"""The accounts' use cases: what officers and admins do with accounts (accounts), and logins
by password or API key with their throttling (logins)."""
