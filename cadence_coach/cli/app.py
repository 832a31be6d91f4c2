"""The ``cadence-coach`` group: commands loaded lazily from their modules, and every error
turned into one line (usage errors exit 2, a :class:`CoachError` exits 1)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from cadence_coach import __version__
from cadence_coach.cli.options import fail
from cadence_coach.errors import CoachError

COMMANDS = {
    "baseline": "run",
    "demo": "run",
    "devices": "metronome",
    "export": "history",
    "history": "history",
    "metronome": "metronome",
    "plans": "plans",
    "programme": "programme",
    "render": "plans",
    "replay": "replay",
    "report": "history",
    "run": "run",
    "say": "speech",
    "scan": "sensors",
    "sensor": "sensors",
    "voices": "speech",
}
"""Each command and the module of ``cadence_coach.cli`` that defines it."""


class CoachGroup(click.Group):
    """Loads a command's module only when the command is asked for (``--help`` lists them
    all, and they are light: each imports its heavy modules when it runs)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        found = getattr(importlib.import_module(f"cadence_coach.cli.{module}"), cmd_name)
        assert isinstance(found, click.Command)
        return found

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name or "cadence-coach", complete_var, False, **extra)
        except click.UsageError as err:
            hint = f"; see '{err.ctx.command_path} --help'" if err.ctx else ""
            fail(err.format_message().replace("\n", " ").rstrip(".") + hint, 2)
        except click.ClickException as err:
            fail(err.format_message().replace("\n", " "), err.exit_code)
        except click.Abort:
            click.echo("", err=True)
            sys.exit(130)
        except CoachError as err:
            fail(str(err), 1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=CoachGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cadence-coach")
@click.option("--debug", is_flag=True, help="Log what happens (each skipped bad packet, in hex).")
def cli(debug: bool) -> None:
    """A real-time audio cadence coach for runners.

    Plays a sample-accurate metronome in your headphones, a little above your habitual
    cadence (steps per minute). Render to a WAV file with --out when there is no sound card.
    """
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s: %(message)s")
        for noisy in ("bumble", "bleak", "asyncio", "matplotlib", "PIL"):
            logging.getLogger(noisy).setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="cadence-coach")
