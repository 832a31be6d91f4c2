"""``service``: the unit file written as systemd wants it (checked by ``systemd-analyze
verify``; no systemd runs as PID 1 here, so enabling it, lingering and the watchdog's
restart are not exercised; the watchdog's pings are, in tests/integration/headless)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cadence_coach.cli.ready import ready
from cadence_coach.service import UNIT_NAME

needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="no systemd-analyze here"
)


def _coach(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "HOME": str(tmp_path)}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "cadence_coach", "service", *args],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True, timeout=60, cwd=unit.parent)  # fmt: skip


@needs_systemd_analyze
def test_install_writes_a_unit_systemd_accepts(tmp_path: Path) -> None:
    done = _coach(tmp_path, "install", "--no-enable", "--target", "172", "--device", "pulse")
    assert done.returncode == 0, done.stderr
    unit = tmp_path / "config" / "systemd" / "user" / UNIT_NAME
    assert f"wrote {unit}" in done.stdout
    text = unit.read_text()
    for line in ("Type=notify", "WatchdogSec=30", "Restart=on-failure", "WantedBy=default.target"):
        assert line in text
    checked = _verify(unit)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout + checked.stderr == ""
    # what it starts is a ready command its options parse
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    argv = shlex.split(exec_start.removeprefix("ExecStart="))
    assert argv[1] == "ready"
    ready.make_context("ready", argv[2:])


@needs_systemd_analyze
def test_the_check_does_catch_a_broken_unit(tmp_path: Path) -> None:
    done = _coach(tmp_path, "install", "--no-enable")
    assert done.returncode == 0, done.stderr
    unit = tmp_path / "config" / "systemd" / "user" / UNIT_NAME
    unit.write_text(unit.read_text().replace("Type=notify", "Type=notfy"))
    assert "Failed to parse service type" in _verify(unit).stderr


@pytest.mark.skipif(Path("/run/systemd/system").is_dir(), reason="systemd runs here")
def test_install_without_systemd_says_so_in_a_line_and_remove_takes_it_away(
    tmp_path: Path,
) -> None:
    done = _coach(tmp_path, "install")
    unit = tmp_path / "config" / "systemd" / "user" / UNIT_NAME
    assert unit.exists()
    assert done.returncode == 1
    assert done.stderr == (
        "error: systemd is not running on this machine (it is not the init system): the unit "
        "is written but not enabled\n"
    )
    status = _coach(tmp_path, "status")
    assert status.returncode == 1
    assert status.stderr.count("\n") == 1
    assert "systemd is not running on this machine" in status.stderr
    removed = _coach(tmp_path, "remove")
    assert removed.returncode == 0, removed.stderr
    assert removed.stderr == ""  # no systemctl complaints passed through
    assert not unit.exists()
    status = _coach(tmp_path, "status")
    assert status.returncode == 0
    assert status.stdout.startswith("not installed")
