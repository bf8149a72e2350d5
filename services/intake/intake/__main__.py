from intake.config import IntakeSettings
from intake.server import build
from phananh_common.server import run

run(IntakeSettings, build)
