from intake.store.tables import metadata
from phananh_common import account_access, inbox, outbox
from phananh_common.migrations_env import run_migrations

run_migrations([metadata, outbox.metadata, inbox.metadata, account_access.metadata])
