"""The accounts' tables: officers' accounts, their API keys, the security trail and the
failed logins."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
)

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("username", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("unit_code", Text, nullable=False),
    # The units from the province down, e.g. 75/731/25993: scope is a prefix of it.
    Column("unit_path", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("must_change_password", Boolean, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="false"),
    # Unused since logins are throttled per username and address (login_throttles): kept
    # for the previous version's replicas during a rolling upgrade; a later revision drops them.
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True)),
    Column("totp_secret", Text),
    # A secret handed out but not yet confirmed with a code.
    Column("totp_pending_secret", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The officer's mobile (E.164) for the overdue digest; optional.
    Column("phone", Text),
    # The last password reset or change: the tokens issued before it are refused.
    Column("tokens_valid_from", DateTime(timezone=True)),
    Index("accounts_scope", "unit_path", postgresql_ops={"unit_path": "text_pattern_ops"}),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", Uuid, primary_key=True),
    Column("account_id", Uuid, ForeignKey("accounts.account_id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("secret_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

security_events = Table(
    "security_events",
    metadata,
    Column("event_id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("unit_code", Text, nullable=False),
    Column("unit_path", Text, nullable=False),
    Column("detail", Text, nullable=False),
    # Where a login came from (the client's address as the gateway saw it), else "".
    Column("client_address", Text, nullable=False, server_default=""),
    Index("security_events_by_client_address", "client_address", "at"),
    Index(
        "security_events_scope",
        "unit_path",
        "event_id",
        postgresql_ops={"unit_path": "text_pattern_ops"},
    ),
)

# Failed logins in a row of a username (keyed: credentials.username_key) from a client address,
# whether or not an account has that username, and until when they refuse further tries.
login_throttles = Table(
    "login_throttles",
    metadata,
    Column("username_key", Text, primary_key=True),
    Column("client_address", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("refused_until", DateTime(timezone=True)),
    Column("last_failed_at", DateTime(timezone=True), nullable=False, index=True),
)

# Failed logins in a row of a username from every address together.
login_failure_streaks = Table(
    "login_failure_streaks",
    metadata,
    Column("username_key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False, index=True),
)
