from phananh_common.server import run
from reporting.config import ReportingSettings
from reporting.server import build

run(ReportingSettings, build)
