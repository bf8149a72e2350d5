from phananh_common import inbox, outbox
from phananh_common.migrations_env import run_migrations
from resolution.store import metadata

run_migrations([metadata, outbox.metadata, inbox.metadata])
