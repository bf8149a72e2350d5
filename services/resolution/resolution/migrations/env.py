from phananh_common import inbox, outbox
from phananh_common.migrations_env import run_migrations
from resolution.accounts.store import tables as accounts
from resolution.audit import store as audit
from resolution.cases.store import tables as cases
from resolution.registry.store import tables as registry

run_migrations(
    [
        cases.metadata,
        registry.metadata,
        accounts.metadata,
        audit.metadata,
        outbox.metadata,
        inbox.metadata,
    ]
)
