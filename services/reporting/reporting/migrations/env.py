from phananh_common import account_access, inbox
from phananh_common.migrations_env import run_migrations
from reporting.store.tables import metadata

run_migrations([metadata, inbox.metadata, account_access.metadata])
