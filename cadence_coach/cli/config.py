"""The settings file on the command line: its values become the options' defaults (so an
option typed wins), and ``cadence-coach config`` shows what it holds."""

from __future__ import annotations

import click
from click.core import ParameterSource

COMMANDS = ("run", "ready", "baseline", "metronome", "say", "demo")
"""Commands the file's values reach (each takes those of its options it has)."""
TYPED = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT, ParameterSource.PROMPT)
SESSION_OPTIONS = ("target", "zone", "duration", "metronome")
"""Options that make a free run: typed, they set aside a plan the file names."""


def apply(ctx: click.Context) -> None:
    """Read the settings file (a bad value is one line, exit 2) into ``ctx.default_map``."""
    from cadence_coach.config import load

    settings = load()
    if settings is None:
        return
    ctx.default_map = {name: dict(settings.values) for name in COMMANDS}


def typed(ctx: click.Context, name: str) -> bool:
    """Whether the runner typed option ``name`` (rather than the file or the default)."""
    return ctx.get_parameter_source(name) in TYPED


def plan_asked(ctx: click.Context, plan: str | None) -> str | None:
    """The plan to run: a plan the file names gives way to a free run typed out."""
    if plan is None or typed(ctx, "plan"):
        return plan
    if any(typed(ctx, name) for name in SESSION_OPTIONS):
        return None
    return plan


@click.command()
def config() -> None:
    """Show the settings file (its place, and the values it sets), checked."""
    from cadence_coach.config import default_path, load

    path = default_path()
    settings = load(path)
    if settings is None:
        click.echo(f"no settings file at {path}; see docs/headless.md for what it can hold")
        return
    click.echo(f"{path}:")
    for key, value in settings.values.items():
        click.echo(f"  {key} = {value!r}")
