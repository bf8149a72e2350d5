"""Officers' accounts, logins, API keys and the security trail (resolution owns them). Wired by
accounts.wiring (for the server and the bootstrap command alike); the other topics ask them
through accounts.directory only."""
