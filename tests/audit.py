"""`python -m tests.audit`: the locked packages against PyPI's known vulnerabilities
(pip-audit's PyPI service: CI reaches the package registries only). Fails on any known
vulnerability; says how many packages could not be looked up (a mirror without PyPI's
per-release JSON answers none of them: that is reported, not taken for a pass in silence)."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [
            *(sys.executable, "-m", "pip_audit", "-r", str(LOCK)),
            *("--vulnerability-service", "pypi", "--no-deps", "--disable-pip"),
            *("--progress-spinner", "off", "--format", "json", "--output", str(report)),
        ]
        done = subprocess.run(command, capture_output=True, text=True)
        if not report.exists():
            print(done.stderr, file=sys.stderr)
            return done.returncode or 1
        packages = json.loads(report.read_text())["dependencies"]
    vulnerable = [p for p in packages if p.get("vulns")]
    skipped = [p["name"] for p in packages if "skip_reason" in p]
    for package in vulnerable:
        ids = ", ".join(v["id"] for v in package["vulns"])
        fixes = sorted({f for v in package["vulns"] for f in v.get("fix_versions", ())})
        print(f"{package['name']} {package['version']}: {ids} (fixed in {', '.join(fixes)})")
    audited = len(packages) - len(skipped)
    print(
        f"pip-audit: {audited} of {len(packages)} locked packages audited, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    if skipped:
        print(f"pip-audit: not found on the vulnerability service: {', '.join(skipped)}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
