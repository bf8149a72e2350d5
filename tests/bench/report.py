"""The JSON file of one run's part, and the machine it ran on."""

import json
import os
import platform
from pathlib import Path


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
    }


def write_json(path: Path, payload: dict) -> dict:
    """Writes `payload` and returns it (so that bench-results/latest.json can hold them all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return payload
