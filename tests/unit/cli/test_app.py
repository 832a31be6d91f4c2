"""The command group: commands listed without being imported, with their own first lines."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest

from cadence_coach.cli.app import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("width", [30, 45, 66, 200])
def test_the_listed_line_is_the_commands_own(name: str, width: int) -> None:
    module, summary = COMMANDS[name]
    command = getattr(importlib.import_module(f"cadence_coach.cli.{module}"), name)
    assert isinstance(command, click.Command)
    listed = click.Command(name, help=summary)
    assert listed.get_short_help_str(width) == command.get_short_help_str(width)


def test_every_command_module_is_listed() -> None:
    context = click.Context(cli)
    for name in cli.list_commands(context):
        assert cli.get_command(context, name) is not None
    assert cli.get_command(context, "jog") is None


def test_help_imports_no_command_module() -> None:
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules "
        "if m.startswith('cadence_coach.cli.') and m not in "
        "('cadence_coach.cli.app', 'cadence_coach.cli.options', 'cadence_coach.cli.context')), "
        "file=sys.stderr))\n"
        "import cadence_coach.cli as c; c.main(['--help'])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0
    assert "metronome  Play a click track" in done.stdout
    assert done.stderr.strip() == "[]"
