from phananh_common import inbox, outbox
from phananh_common.migrations_env import run_migrations
from resolution.accounts import store as accounts_store
from resolution.schema import metadata

run_migrations([metadata, accounts_store.metadata, outbox.metadata, inbox.metadata])
