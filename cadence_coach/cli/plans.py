"""``plans`` (list, show, check) and ``render``: session plans, and a plan as an audio file
to carry on a phone."""

from __future__ import annotations

import time
from pathlib import Path

import click

from cadence_coach.cli.options import (
    CADENCE,
    OUT_FILE,
    Sound,
    audio_encoding,
    music_option,
    session_sound_options,
    start_at_option,
    warn,
)
from cadence_coach.units import format_duration, printable


@click.command()
@click.argument("plan")
@click.option(
    "--out",
    type=OUT_FILE,
    required=True,
    help="The file: .wav, or .ogg, .mp3 or .flac where libsndfile supports them.",
)
@click.option(
    "--habitual", type=CADENCE, help="Your cadence at an easy pace (for relative targets)."
)
@start_at_option("Skip into the plan.")
@session_sound_options()
@music_option()
def render(
    plan: str,
    out: Path,
    habitual: float | None,
    start_at: float | None,
    sound: Sound,
    music: str | None,
) -> None:
    """Render PLAN (clicks, speech, timed cues; no sensor) to an audio file for a phone.
    With --music, your own playlist at the plan's targets, the cues in it."""
    from cadence_coach.cli.music import music_tracks, with_music
    from cadence_coach.plans.library import find_plan
    from cadence_coach.plans.setup import planned_run
    from cadence_coach.session.loop import run_session
    from cadence_coach.session.outputs import AudioFile
    from cadence_coach.session.settings import RunSettings

    try:
        chosen = find_plan(plan)
        setup = planned_run(chosen, habitual, start_at_s=start_at or 0.0, feedback=False)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    settings = RunSettings(setup.config, sound=sound.sound, volume=sound.volume, voice=sound.voice)
    settings = with_music(settings, music_tracks(music))
    output = AudioFile(out, audio_encoding(out))
    began = time.perf_counter()
    result = run_session(settings, output, notify=warn)
    took = time.perf_counter() - began
    length = format_duration(setup.duration_s)
    click.echo(f"wrote {out}: {chosen.name}, {length}, rendered in {took:.1f} s")
    if result.music:
        click.echo(f"music: {', '.join(result.music)}")


@click.group(invoke_without_command=True)
@click.pass_context
def plans(ctx: click.Context) -> None:
    """List session plans (built-in, and yours in the user config directory)."""
    if ctx.invoked_subcommand is not None:
        return
    from cadence_coach.plans.library import available, user_dir
    from cadence_coach.plans.loading import load_plan

    for found, path in available().items():
        name = printable(found)  # a file's name may hold anything
        try:
            plan = load_plan(path)
            click.echo(f"{name:<20} {format_duration(plan.duration_s):>6}  {plan.name}")
        except ValueError as err:
            click.echo(f"{name:<20}  (broken: {printable(str(err))})")
    click.echo(f"your own plans go in {user_dir()}; `cadence-coach plans show NAME` for details")


@plans.command("show")
@click.argument("name")
@click.option("--habitual", type=CADENCE, help="Show targets for this habitual cadence.")
def plans_show(name: str, habitual: float | None) -> None:
    """Print a plan's timeline."""
    from cadence_coach.plans.describe import SHOWN_HABITUAL_SPM, timeline
    from cadence_coach.plans.library import find_plan

    plan = find_plan(name)
    click.echo(f"{plan.name} ({format_duration(plan.duration_s)})")
    click.echo(plan.description)
    if habitual is None and plan.needs_habitual:
        click.echo(
            f"targets shown for a habitual cadence of {SHOWN_HABITUAL_SPM:g} spm (use --habitual)"
        )
    for line in timeline(plan, habitual):
        click.echo(line)


@plans.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def plans_check(file: Path) -> None:
    """Validate a plan file."""
    from cadence_coach.plans.library import check_plan

    plan = check_plan(file)
    click.echo(f"{file}: ok, {plan.name!r}, {len(plan.steps)} segments, "
               f"{format_duration(plan.duration_s)}")  # fmt: skip
