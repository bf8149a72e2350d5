from phananh_common.server import run
from resolution.config import ResolutionSettings
from resolution.server import build

run(ResolutionSettings, build)
