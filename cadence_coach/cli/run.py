"""``run``, ``demo`` and ``baseline``: coached sessions, live or rendered to a file."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.coached import Reporting, coach
from cadence_coach.cli.config import plan_asked, typed
from cadence_coach.cli.music import music_tracks, with_music
from cadence_coach.cli.options import (
    CADENCE,
    OUT_FILE,
    Finite,
    Sensing,
    Sound,
    collect,
    device_option,
    duration_option,
    music_option,
    power_option,
    runner_option,
    seed_option,
    sensing_options,
    session_sound_options,
    start_at_option,
    summary_option,
    target_options,
)
from cadence_coach.cli.remotes import run_controls
from cadence_coach.cli.sensors import live_sensors, radios
from cadence_coach.config import SESSION_OPTIONS
from cadence_coach.plans.setup import FREE_RUN_DURATION
from cadence_coach.sources.simulated import TYPICAL_HABITUAL_SPM
from cadence_coach.units import format_duration

if TYPE_CHECKING:
    from cadence_coach.plans.model import Plan
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


def _coaching(hr_max: float | None, say_numbers: bool) -> Coaching:
    from cadence_coach.plans.setup import Coaching

    return Coaching(hr_max, say_numbers)


def _habitual(plan: Plan | None, target: float | None, habitual: float | None) -> float | None:
    """The runner's habitual cadence, or the last baseline's (said) when it is needed."""
    from cadence_coach.plans.setup import wants_stored_habitual

    if not wants_stored_habitual(plan, target, habitual):
        return habitual
    stored = context.store().settings.habitual()
    if stored is not None:
        click.echo(f"habitual cadence {stored:g} spm, from your last baseline")
    return stored


def _trained_before() -> bool:
    """Whether the runner has run with the coach before (a real, finished session): then
    the first run opens with a recall cue of the rhythm learned."""
    from cadence_coach.history.records import SessionStatus

    return any(
        s.real and s.status is SessionStatus.FINISHED and s.summary and s.summary.target_spm
        for s in context.store().sessions()
    )


def _settings(
    setup: Setup,
    sound: Sound,
    seed: int,
    live: ConnectedSensors | None,
    *,
    runner: str | None = None,
    events: bool = True,
) -> RunSettings:
    """The session's settings: the simulated runner, or the live sensors as its source."""
    from cadence_coach.session.settings import simulated

    settings = simulated(
        setup,
        sound=sound.sound,
        volume=sound.volume,
        voice=sound.voice,
        seed=seed,
        profile=runner,
        events=events,
    )
    if live is None:
        return settings
    from cadence_coach.sources.live import LiveSource

    return dataclasses.replace(settings, source=LiveSource(live.hub))


@click.command()
@click.argument("plan", required=False)
@start_at_option()
@sensing_options("A Bluetooth footpod or treadmill (address or name); repeat for several. "
                 "Default: sim, a simulated runner.")  # fmt: skip
@target_options("Target as a boost over --habitual, e.g. 5% (the default).",
                "Your cadence at an easy pace, in spm.")  # fmt: skip
@duration_option(default=FREE_RUN_DURATION, show_default=True, help="Session length.")
@click.option(
    "--metronome",
    type=click.Choice(["on", "off", "faded"]),
    default="on",
    show_default=True,
    help="faded: the beat withdraws while you hold the zone and returns when you drift.",
)
@click.option("--hr-max", type=Finite(100, 220), help="Heart-rate ceiling (bpm).")
@click.option("--say-numbers", is_flag=True, help="Drift cues end with your cadence.")
@session_sound_options()
@device_option()
@runner_option()
@seed_option()
@click.option("--journal/--no-journal", default=None,
              help="Ask how it felt afterwards (default: when run from a terminal).")  # fmt: skip
@click.option(
    "--out",
    type=OUT_FILE,
    help="Render the whole session to this WAV file, as fast as possible, instead of playing.",
)
@summary_option()
@power_option()
@music_option()
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
    runner: str,
    seed: int,
    out: Path | None,
    reporting: Reporting,
    power: str,
    music: str | None,
) -> None:
    """Run a coaching session: the metronome above your habitual cadence, spoken cues when
    you drift out of the zone. With PLAN (see `cadence-coach plans`), follow its segments.
    With --music, your own tracks keep the beat."""
    targets = radios(sensing.sensors, sensing.hr, out)
    setup = session_setup(ctx, plan, start_at, aim, coaching)
    tracks = music_tracks(music)
    with live_sensors(targets, sensing.cadence_units) as live, run_controls(out, live) as steer:
        settings = with_music(_settings(setup, sound, seed, live, runner=runner), tracks)
        coach(settings, setup, out=out, device=device, sensors=live, reporting=reporting,
              steering=steer, power=power)  # fmt: skip


def session_setup(
    ctx: click.Context, plan: str | None, start_at: float | None, aim: Aim, coaching: Coaching
) -> Setup:
    """The session asked for: the plan (one the settings file names gives way to a free run
    typed out), else a free run; recalled to the runner who trained before."""
    coaching = dataclasses.replace(coaching, recall=_trained_before())
    plan = plan_asked(ctx, plan)
    if plan is not None:
        return _planned(ctx, plan, start_at, aim, coaching)
    return _free(start_at, aim, coaching)


def _planned(
    ctx: click.Context, plan: str, start_at: float | None, aim: Aim, coaching: Coaching
) -> Setup:
    """A plan's session; the options a plan sets itself are refused."""
    from cadence_coach.plans.library import find_plan
    from cadence_coach.plans.setup import planned_run

    # the settings file's values give way to a plan typed
    clash = [f"--{name.replace('_', '-')}" for name in SESSION_OPTIONS if typed(ctx, name)]
    if clash:
        raise click.UsageError(f"a plan sets its own targets and timing: drop {', '.join(clash)}")
    try:
        chosen = find_plan(plan)
        boost = None if aim.boost is None else _plan_boost(aim.boost)
        habitual = _habitual(chosen, aim.target, aim.habitual)
        setup = planned_run(
            chosen, habitual, boost=boost, start_at_s=start_at or 0.0, coaching=coaching
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    click.echo(f"{chosen.name}: {format_duration(chosen.duration_s)}")
    return setup


def _plan_boost(boost: str) -> str:
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
    habitual = _habitual(None, aim.target, aim.habitual)
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
@summary_option()
def demo(out: Path, live: bool, device: str | None, summary_path: Path | None) -> None:
    """Three minutes of simulated running, coached: an easy minute at the runner's own
    rhythm, then +5%, a lapse, a stop at a crossing and a sensor dropout. Rendered to
    demo.wav."""
    from cadence_coach.session.demo import demo_settings, demo_setup

    coach(
        demo_settings(),
        demo_setup(),
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
@click.option("--habitual", type=CADENCE, default=TYPICAL_HABITUAL_SPM, show_default=True,
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
        settings = _settings(setup, Sound(), seed, live, events=False)
        coach(settings, setup, out=out, device=device, sensors=live)
