"""``run``, ``demo`` and ``baseline``: coached sessions, live or rendered to a file."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.coached import Reporting, coach
from cadence_coach.cli.options import (
    OUT_FILE,
    Sensing,
    Sound,
    collect,
    device_option,
    duration_option,
    parsed,
    seed_option,
    sensing_options,
    sound_options,
)
from cadence_coach.cli.sensors import live_sensors, radios
from cadence_coach.units import format_duration, parse_duration

if TYPE_CHECKING:
    from cadence_coach.plans.setup import Coaching, Setup
    from cadence_coach.sensors.connected import ConnectedSensors
    from cadence_coach.session.settings import RunSettings


@dataclass(frozen=True, slots=True)
class Aim:
    """A free run's target: ``--target`` or ``--boost`` over ``--habitual``, ``--zone``,
    ``--duration`` and ``--metronome``."""

    target: float | None
    boost: str | None
    habitual: float | None
    zone: str | None
    duration: float
    metronome: str


PLAN_SETS = ("target", "zone", "duration", "metronome")
"""Options a plan sets itself."""


def _coaching(hr_max: float | None, say_numbers: bool) -> Coaching:
    from cadence_coach.plans.setup import Coaching

    return Coaching(hr_max, say_numbers)


def stored_habitual() -> float | None:
    """The habitual cadence the last baseline measured, said when used."""
    habitual = context.store().habitual()
    if habitual is not None:
        click.echo(f"habitual cadence {habitual:g} spm, from your last baseline")
    return habitual


def simulated(setup: Setup, sound: Sound, seed: int, *, events: bool = True) -> RunSettings:
    """The settings of a session with the simulated runner standing in (until a source
    replaces it), with a real run's events drawn from ``seed``."""
    from cadence_coach.session.settings import RunSettings
    from cadence_coach.sources.simulated import RunnerModel, typical_events

    return RunSettings(
        setup.config,
        sound=sound.sound,
        volume=sound.volume,
        voice=sound.voice,
        seed=seed,
        runner=RunnerModel(habitual_spm=setup.runner_habitual_spm),
        events=typical_events(setup.duration_s, seed) if events else (),
    )


def with_sensors(settings: RunSettings, sensors: ConnectedSensors | None) -> RunSettings:
    """The settings with the live sensors as the source, when there are any."""
    if sensors is None:
        return settings
    from cadence_coach.sources.live import LiveSource

    return dataclasses.replace(settings, source=LiveSource(sensors.hub))


@click.command()
@click.argument("plan", required=False)
@click.option("--start-at", callback=parsed(parse_duration), help="Skip into the plan, e.g. 5m.")
@sensing_options("A Bluetooth footpod or treadmill (address or name); repeat for several. "
                 "Default: sim, a simulated runner.")  # fmt: skip
@click.option("--target", type=float, help="Target cadence in steps per minute.")
@click.option("--boost", help="Target as a boost over --habitual, e.g. 5% (the default).")
@click.option("--habitual", type=float, help="Your cadence at an easy pace, in spm.")
@click.option("--zone", help="Tolerance: 3% either side (the default) or a range, 168-176.")
@duration_option(default="20m", show_default=True, help="Session length.")
@click.option(
    "--metronome",
    type=click.Choice(["on", "off", "faded"]),
    default="on",
    show_default=True,
    help="faded: the beat withdraws while you hold the zone and returns when you drift.",
)
@click.option("--hr-max", type=click.FloatRange(100, 220), help="Heart-rate ceiling (bpm).")
@click.option("--say-numbers", is_flag=True, help="Drift cues end with your cadence.")
@sound_options()
@device_option()
@seed_option()
@click.option("--journal/--no-journal", default=None,
              help="Ask how it felt afterwards (default: when run from a terminal).")  # fmt: skip
@click.option(
    "--out",
    type=OUT_FILE,
    help="Render the whole session to this WAV file, as fast as possible, instead of playing.",
)
@click.option("--summary", "summary_path", type=OUT_FILE,
              help="Write the session summary to this JSON file.")  # fmt: skip
@click.pass_context
@collect("aim", Aim, "target", "boost", "habitual", "zone", "duration", "metronome")
@collect("coaching", _coaching, "hr_max", "say_numbers")
@collect("reporting", Reporting, "summary_path", "journal")
def run(
    ctx: click.Context,
    plan: str | None,
    start_at: float | None,
    sensing: Sensing,
    aim: Aim,
    coaching: Coaching,
    sound: Sound,
    device: str | None,
    seed: int,
    out: Path | None,
    reporting: Reporting,
) -> None:
    """Run a coaching session: the metronome above your habitual cadence, spoken cues when
    you drift out of the zone. With PLAN (see `cadence-coach plans`), follow its segments."""
    targets = radios(sensing.sensors, sensing.hr, out)
    if plan is not None:
        setup = _planned(ctx, plan, start_at, aim, coaching)
    else:
        setup = _free(start_at, aim, coaching)
    with live_sensors(targets, sensing.cadence_units) as live:
        settings = with_sensors(simulated(setup, sound, seed), live)
        coach(settings, setup, out=out, device=device, sensors=live, reporting=reporting)


def _planned(
    ctx: click.Context, plan: str, start_at: float | None, aim: Aim, coaching: Coaching
) -> Setup:
    """A plan's session; the options a plan sets itself are refused."""
    from click.core import ParameterSource

    from cadence_coach.plans.library import find_plan
    from cadence_coach.plans.setup import planned_run

    clash = [
        f"--{name.replace('_', '-')}"
        for name in PLAN_SETS
        if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT
    ]
    if clash:
        raise click.UsageError(f"a plan sets its own targets and timing: drop {', '.join(clash)}")
    habitual = aim.habitual
    try:
        chosen = find_plan(plan)
        boost = None if aim.boost is None else _checked_boost(aim.boost)
        if habitual is None and chosen.needs_habitual:
            habitual = stored_habitual()
        setup = planned_run(
            chosen, habitual, boost=boost, start_at_s=start_at or 0.0, coaching=coaching
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    click.echo(f"{chosen.name}: {format_duration(chosen.duration_s)}")
    return setup


def _checked_boost(boost: str) -> str:
    """``--boost`` for a plan: a percentage, 0-15 (a bad one names the option)."""
    from cadence_coach.plans.setup import plan_boost

    try:
        return plan_boost(boost)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--boost'") from None


def _free(start_at: float | None, aim: Aim, coaching: Coaching) -> Setup:
    from cadence_coach.coaching.segments import MetronomeMode
    from cadence_coach.plans.setup import free_run

    if start_at is not None:
        raise click.UsageError("--start-at needs a PLAN")
    habitual = aim.habitual
    if habitual is None and aim.target is None:
        habitual = stored_habitual()
    try:
        return free_run(
            aim.target,
            aim.boost,
            habitual,
            aim.zone,
            aim.duration,
            MetronomeMode(aim.metronome),
            coaching,
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from None


@click.command()
@click.option("--out", type=OUT_FILE, default=Path("demo.wav"), show_default=True,
              help="Where to write the demo.")  # fmt: skip
@click.option("--live", is_flag=True, help="Play it live on the output device instead.")
@device_option("Output device name or index (with --live).")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the session summary to this JSON file.")  # fmt: skip
def demo(out: Path, live: bool, device: str | None, summary_path: Path | None) -> None:
    """Three minutes of simulated running, coached: an easy minute, then +5% with the
    metronome, a lapse, a stop at a crossing and a sensor dropout. Rendered to demo.wav."""
    from cadence_coach.plans.setup import Setup
    from cadence_coach.session.demo import demo_settings

    settings = demo_settings()
    setup = Setup("demo", settings.config, settings.runner.habitual_spm)
    coach(
        settings,
        setup,
        out=None if live else out,
        device=device,
        reporting=Reporting(summary_path),
    )


@click.command()
@click.option(
    "--out",
    type=OUT_FILE,
    help="Render the test to this WAV file (with the simulated runner) instead of running it.",
)
@device_option()
@seed_option()
@click.option("--habitual", type=float, default=164.0, show_default=True,
              help="The simulated runner's habitual cadence.")  # fmt: skip
@sensing_options("A Bluetooth footpod (address or name) to measure with.")
def baseline(
    out: Path | None, device: str | None, seed: int, habitual: float, sensing: Sensing
) -> None:
    """Run the baseline test and store the habitual cadence it measures (for --boost)."""
    from cadence_coach.plans.setup import baseline_run

    setup = baseline_run(habitual)
    targets = radios(sensing.sensors, sensing.hr, out)
    with live_sensors(targets, sensing.cadence_units) as live:
        settings = with_sensors(simulated(setup, Sound(), seed, events=False), live)
        coach(settings, setup, out=out, device=device, sensors=live)
