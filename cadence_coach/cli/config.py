"""The settings file on the command line: its values become the options' defaults (so an
option typed wins), and ``cadence-coach config`` shows what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from cadence_coach.config import SESSION_OPTIONS

if TYPE_CHECKING:
    from cadence_coach.config import Settings

COMMANDS = ("run", "ready", "baseline", "metronome", "say", "demo")
"""Commands the file's values reach (each takes those of its options it has)."""
TYPED = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT, ParameterSource.PROMPT)


def apply(ctx: click.Context) -> None:
    """Read the settings file (a bad value is one line, exit 2) into ``ctx.default_map``."""
    from cadence_coach.config import load

    settings = load()
    if settings is None:
        return
    if ctx.invoked_subcommand in (*COMMANDS, "programme"):
        usable(settings)  # only where a session may start from it: history and the rest go on
    ctx.default_map = {name: dict(settings.values) for name in COMMANDS}


def usable(settings: Settings) -> None:
    """What the file names is there: its plan can be loaded, its music folder exists; else
    one line naming the file and the key (a :class:`ConfigError`)."""
    from cadence_coach.config import ConfigError

    plan = settings.values.get("plan")
    if isinstance(plan, str):
        from cadence_coach.plans.library import find_plan

        try:
            find_plan(plan)
        except ValueError as err:  # a PlanError, or a name no plan has
            raise ConfigError(str(err), settings.path, "session.plan") from None
    music = settings.values.get("music")
    folder = isinstance(music, str) and music not in ("all", "off")
    if folder and not Path(str(music)).expanduser().is_dir():
        raise ConfigError(f"{music} is not a folder", settings.path, "audio.music")


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
    usable(settings)
    click.echo(f"{path}:")
    for key, value in settings.values.items():
        click.echo(f"  {key} = {value!r}")
