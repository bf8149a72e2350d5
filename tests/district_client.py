"""The district client as a district installs it: its wheel built from clients/python (with
the build backend of our dev group, so offline), installed with its dependencies into a
virtual environment of its own, without this repository's source on the path, and its
`phananh-district` command run from there."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "clients" / "python"


def build_wheel(out: Path) -> Path:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check"),
            *("--no-build-isolation", "--no-deps", "-w", str(out), str(CLIENT)),
        ],
        check=True,
    )
    (wheel,) = out.glob("phananh_district-*.whl")
    return wheel


@dataclass
class InstalledClient:
    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60):
        """`phananh-district ARGS` as the installed command, with only `env` for environment
        (and PATH)."""
        command = [str(self.venv / "bin" / "phananh-district"), *args]
        return subprocess.run(
            command,
            env={"PATH": "/usr/bin:/bin", **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def install(wheel: Path, venv: Path) -> InstalledClient:
    """The wheel and what it depends on (at our locked versions) in a new environment."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    uv = Path(sys.executable).parent / "uv"
    subprocess.run(
        [
            *(str(uv), "pip", "install", "-q", "--python", str(venv / "bin" / "python")),
            *("--constraint", str(ROOT / "requirements.lock"), str(wheel)),
        ],
        check=True,
    )
    return InstalledClient(venv)
