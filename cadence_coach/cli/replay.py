"""``replay``: a recorded run through the coach, as if the runner had worn it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.coached import Reporting, coach
from cadence_coach.cli.options import AUDIO_OUT, OUT_FILE, target_options, units_option, warn

if TYPE_CHECKING:
    from cadence_coach.sources.strides import CadenceUnit


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@units_option("--units", "What the file's cadence counts (judged from the data when not given).")
@target_options("Target as a boost over the habitual cadence, e.g. 5%.",
                "Habitual cadence (default: stored baseline, else the recording's own "
                "median).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the JSON summary (as run --summary).")
@click.option("--out", type=OUT_FILE, help="Also render what the runner would have heard "
              f"to this file ({AUDIO_OUT}).")  # fmt: skip
@click.option("--damaged", is_flag=True, help="Replay what can be read of a damaged file (a FIT "
              "file whose checksum fails, a file cut short) instead of refusing it.")  # fmt: skip
def replay(
    file: Path,
    units: CadenceUnit | None,
    target: float | None,
    boost: str | None,
    habitual: float | None,
    zone: str | None,
    as_json: bool,
    out: Path | None,
    damaged: bool,
) -> None:
    """Run a recorded activity (FIT, TCX, GPX, or a CSV exported here) through the coach, as
    if the runner had worn it."""
    from cadence_coach.plans.setup import replay_habitual, replayed_run
    from cadence_coach.session.settings import RunSettings
    from cadence_coach.sources.recordings.load import load_activity
    from cadence_coach.sources.recordings.replay import ReplaySource

    activity = load_activity(file, units, damaged=damaged)
    for note in activity.notes:
        warn(note)
    click.echo(f"{file.name}: cadence taken as {activity.units.value} per minute "
               f"({activity.how})", err=as_json)  # fmt: skip
    stored = context.store().settings.habitual() if habitual is None and target is None else None
    habitual, recorded = replay_habitual(target, habitual, stored, activity.median_cadence_spm)
    if recorded:
        click.echo(f"habitual cadence {habitual:g} spm, from the recording itself", err=as_json)
    try:
        setup = replayed_run(
            f"replay {file.name}", activity.duration_s, target, boost, habitual, zone
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    settings = RunSettings(setup.config, source=ReplaySource(activity))
    when = activity.started_at or True
    coach(settings, setup, out=out, replay=when, reporting=Reporting(as_json=as_json))
