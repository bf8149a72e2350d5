from notification.store import metadata
from phananh_common import inbox
from phananh_common.migrations_env import run_migrations

run_migrations([metadata, inbox.metadata])
