from notification.store import metadata
from phananh_common import inbox, outbox
from phananh_common.migrations_env import run_migrations

run_migrations([metadata, outbox.metadata, inbox.metadata])
