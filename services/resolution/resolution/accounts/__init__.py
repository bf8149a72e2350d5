"""Officers' accounts, logins, API keys and the security trail (resolution owns them)."""
