from phananh_common import inbox, outbox
from phananh_common.migrations_env import run_migrations
from resolution.accounts.store import tables as accounts
from resolution.cases.store import tables as cases
from resolution.registry.store import tables as registry

run_migrations(
    [cases.metadata, registry.metadata, accounts.metadata, outbox.metadata, inbox.metadata]
)
