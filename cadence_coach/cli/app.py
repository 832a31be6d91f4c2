"""The ``cadence-coach`` group: commands loaded lazily from their modules, and every error
turned into one line (a bad value exits 2, a problem to fix on the machine exits 1)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from cadence_coach import __version__
from cadence_coach.cli import context
from cadence_coach.cli.options import fail
from cadence_coach.errors import CoachError

COMMANDS = {
    "baseline": (
        "run",
        "Run the baseline test and store the habitual cadence it measures (for --boost).",
    ),
    "config": (
        "config",
        "Show the settings file (its place, and the values it sets), checked.",
    ),
    "demo": (
        "run",
        "Three minutes of simulated running, coached: an easy minute at the runner's own "
        "rhythm, then +5%, a lapse, a stop at a crossing and a sensor dropout.",
    ),
    "devices": (
        "metronome",
        "List audio output devices; * marks the default.",
    ),
    "export": (
        "history",
        "Export a stored session: CSV (steps per minute), or TCX or FIT (for training "
        "platforms; cadence in strides per minute, as they expect).",
    ),
    "history": (
        "history",
        "List stored sessions, and the trend of time in zone and habitual cadence by week.",
    ),
    "metronome": (
        "metronome",
        "Play a click track at --bpm until Ctrl-C (or for --duration).",
    ),
    "music": (
        "music",
        "Your own music as the metronome: tracks analysed once, then stretched onto the beat.",
    ),
    "plans": (
        "plans",
        "List session plans (built-in, and yours in the user config directory).",
    ),
    "programme": (
        "programme",
        "Multi-week programmes: which session on which day, with a boost that rises as you adapt.",
    ),
    "ready": (
        "ready",
        "Wait for play with no clicks, saying what the next session is; run it; wait again.",
    ),
    "render": (
        "plans",
        "Render PLAN (clicks, speech, timed cues; no sensor) to an audio file for a phone.",
    ),
    "replay": (
        "replay",
        "Run a recorded activity (FIT, TCX, GPX, or a CSV exported here) through the coach, "
        "as if the runner had worn it.",
    ),
    "report": (
        "history",
        "Print a stored session's summary and draw its chart (PNG).",
    ),
    "run": (
        "run",
        "Run a coaching session: the metronome above your habitual cadence, spoken cues when "
        "you drift out of the zone.",
    ),
    "say": (
        "speech",
        "Speak TEXT through the output device (or into --out), as the coach would.",
    ),
    "scan": (
        "sensors",
        "Find nearby footpods, heart-rate straps and treadmills.",
    ),
    "sensor": (
        "sensors",
        "Connect to a sensor and print its decoded readings until Ctrl-C.",
    ),
    "service": (
        "service",
        "Start the coach at boot (a systemd user service in ready mode), see it, remove it.",
    ),
    "steps": (
        "steps",
        "Detect the steps in a recorded accelerometer file (CSV with t_s,ax,ay,az in g or "
        "m/s²) and print their times and a cadence per second.",
    ),
    "voices": (
        "speech",
        "List the voices the speech engine offers.",
    ),
}
"""Each command: the module of ``cadence_coach.cli`` that defines it, and the first sentence
of its help, so ``--help`` lists the commands without importing any of them (a test checks
that these lines are the commands' own)."""


class CoachGroup(click.Group):
    """Loads a command's module only when the command is run (or asked for its own help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        found = getattr(importlib.import_module(f"cadence_coach.cli.{entry[0]}"), cmd_name)
        assert isinstance(found, click.Command)
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their first lines, from :data:`COMMANDS` alone."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=summary).get_short_help_str(limit))
            for name, (_, summary) in sorted(COMMANDS.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
            # A bad value (an option, a plan, a recording) is the user's to change: 2, as a
            # usage error; anything else is a problem to fix on the machine: 1.
            fail(str(err), 2 if isinstance(err, ValueError) else 1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=CoachGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cadence-coach")
@click.option("--debug", is_flag=True, help="Log what happens (each skipped bad packet, in hex).")
@click.option("--no-history", is_flag=True,
              help="Keep nothing: no session is stored and none is read.")  # fmt: skip
@click.pass_context
def cli(ctx: click.Context, debug: bool, no_history: bool) -> None:
    """A real-time audio cadence coach for runners.

    Plays a sample-accurate metronome in your headphones, a little above your habitual
    cadence (steps per minute). Render to a WAV file with --out when there is no sound card.
    """
    ctx.meta[context.NO_HISTORY] = no_history
    from cadence_coach.cli.config import apply

    apply(ctx)
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s: %(message)s")
        for noisy in ("bumble", "bleak", "asyncio", "matplotlib", "PIL"):
            logging.getLogger(noisy).setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="cadence-coach")
