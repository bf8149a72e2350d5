"""The embedded PostgreSQL stops with its owner: a run leaves no server behind, even when
another process that shared it died without letting go."""

import os
import subprocess
import sys

import psutil

from phananh_common.embedded_postgres import EmbeddedPostgres


def _servers_of(data_dir) -> list[int]:
    return [
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"] and "-D" in p.info["cmdline"] and str(data_dir) in p.info["cmdline"]
    ]


def test_stop_ends_the_server_that_a_killed_process_also_held(tmp_path):
    data_dir = (tmp_path / "pg").resolve()
    server = EmbeddedPostgres(data_dir)
    holder = (
        "import os, pathlib\n"
        "from phananh_common.embedded_postgres import EmbeddedPostgres\n"
        f"EmbeddedPostgres(pathlib.Path({str(data_dir)!r}))\n"
        "os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", holder], env=os.environ)
    assert _servers_of(data_dir)

    server.stop()

    assert _servers_of(data_dir) == []
