"""The coach as a systemd user service that starts at boot, waiting in ready mode: the unit
file's text, where it goes, and the commands that enable it. Pure; ``cli/service.py`` runs
them."""

from __future__ import annotations

import shlex
from pathlib import Path

UNIT_NAME = "cadence-coach.service"
WATCHDOG_S = 30
"""systemd restarts the coach when its loop has not pinged for this long."""


def unit_path(config_home: Path) -> Path:
    """Where a user unit lives: ``~/.config/systemd/user/``."""
    return config_home / "systemd" / "user" / UNIT_NAME


def unit_text(executable: str, args: list[str]) -> str:
    """The unit: ``ready`` run by the user's own systemd, notifying when it waits, pinging
    the watchdog from its loop, restarted when it fails or hangs."""
    command = shlex.join([executable, "ready", *args])
    return f"""\
# Written by `cadence-coach service install`; `cadence-coach service remove` takes it away.
[Unit]
Description=cadence-coach: waits for the runner, a session on a press of play
Documentation=man:systemd.service(5)
# the sound server first (PipeWire's pulse server, or PulseAudio), when there is one
After=pipewire-pulse.service pulseaudio.service
StartLimitIntervalSec=300
StartLimitBurst=10

[Service]
Type=notify
NotifyAccess=main
ExecStart={command}
WatchdogSec={WATCHDOG_S}
Restart=on-failure
RestartSec=5
Environment=PYTHONUNBUFFERED=1

[Install]
WantedBy=default.target
"""


def enable_commands(user: str) -> list[list[str]]:
    """What makes it start at boot with nobody logged in: the unit read, enabled and
    started, and the user's manager kept running without a login (lingering)."""
    return [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", UNIT_NAME],
        ["loginctl", "enable-linger", user],
    ]


def remove_commands() -> list[list[str]]:
    return [["systemctl", "--user", "disable", "--now", UNIT_NAME]]


def status_commands(user: str) -> list[list[str]]:
    return [
        ["systemctl", "--user", "status", "--no-pager", UNIT_NAME],
        ["loginctl", "show-user", user, "--property=Linger"],
    ]
