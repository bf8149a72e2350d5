from phananh_common import inbox
from phananh_common.migrations_env import run_migrations
from reporting.store import metadata

run_migrations([metadata, inbox.metadata])
