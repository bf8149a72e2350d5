from notification.config import NotificationSettings
from notification.server import build
from phananh_common.server import run

run(NotificationSettings, build)
