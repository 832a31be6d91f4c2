"""``service install|status|remove``: the coach started at boot as a systemd user service,
waiting in ready mode (docs/raspberry-pi.md)."""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from cadence_coach.cli.options import fail, warn


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _executable() -> str:
    """The cadence-coach command of this installation (its virtual environment's)."""
    found = Path(sys.executable).with_name("cadence-coach")
    if found.exists():
        return str(found)
    return shutil.which("cadence-coach") or f"{sys.executable} -m cadence_coach"


SYSTEMD_RUNS = Path("/run/systemd/system")
"""There when systemd is the init system (as sd_booted(3) checks)."""
NO_SYSTEMD = "systemd is not running on this machine (it is not the init system)"


def _systemd() -> bool:
    return SYSTEMD_RUNS.is_dir()


def _run_all(commands: list[list[str]]) -> bool:
    """Run each; ``False`` (said in one line) at the first that cannot be run or fails."""
    for command in commands:
        if shutil.which(command[0]) is None:
            warn(f"{command[0]} is not here: run `{' '.join(command)}` where systemd runs")
            return False
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.stdout.strip():
            click.echo(done.stdout.rstrip())
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
            warn(f"`{' '.join(command)}`: {reason}")
            return False
    return True


@click.group()
def service() -> None:
    """Start the coach at boot (a systemd user service in ready mode), see it, remove it."""


@service.command("install", context_settings={"ignore_unknown_options": True})
@click.option("--no-enable", is_flag=True, help="Only write the unit file.")
@click.argument("ready_args", nargs=-1, type=click.UNPROCESSED)
def install(no_enable: bool, ready_args: tuple[str, ...]) -> None:
    """Write the unit (READY_ARGS go to `cadence-coach ready`; the settings file is read
    too), enable and start it, and keep it running without a login."""
    from cadence_coach.service import enable_commands, unit_path, unit_text

    path = unit_path(_config_home())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unit_text(_executable(), list(ready_args)), encoding="utf-8")
    click.echo(f"wrote {path}")
    if no_enable:
        return
    if not _systemd():
        fail(f"{NO_SYSTEMD}: the unit is written but not enabled", 1)
    if _run_all(enable_commands(getpass.getuser())):
        click.echo("enabled: it starts at boot and waits for play; `cadence-coach service status`")
    else:
        fail("the unit is written but not enabled (see above)", 1)


@service.command("status")
def status() -> None:
    """Whether the service runs, its last lines, and whether it runs without a login."""
    from cadence_coach.service import status_commands, unit_path

    path = unit_path(_config_home())
    if not path.exists():
        click.echo(f"not installed (no {path}); `cadence-coach service install`")
        return
    click.echo(f"unit: {path}")
    if not _systemd():
        fail(f"{NO_SYSTEMD}: nothing runs the unit here", 1)
    for command in status_commands(getpass.getuser()):
        if shutil.which(command[0]) is None:
            fail(f"{command[0]} is not here: no systemd to ask", 1)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        click.echo((done.stdout or done.stderr).rstrip())


@service.command("remove")
def remove() -> None:
    """Stop and disable the service and delete its unit (lingering is left as it is:
    `loginctl disable-linger` ends it)."""
    from cadence_coach.service import remove_commands, unit_path

    path = unit_path(_config_home())
    if not path.exists():
        click.echo(f"not installed (no {path})")
        return
    stopped = _systemd() and _run_all(remove_commands())
    path.unlink()
    click.echo(f"removed {path}")
    if stopped:
        _run_all([["systemctl", "--user", "daemon-reload"]])
