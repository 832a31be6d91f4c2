"""``steps``: the steps in a recorded accelerometer file, and a cadence per second."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from cadence_coach.sources.recordings.accelerometer import Acceleration
    from cadence_coach.sources.steps.track import StepTrack


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object: the step times, and a cadence per second.")  # fmt: skip
def steps(file: Path, as_json: bool) -> None:
    """Detect the steps in a recorded accelerometer file (CSV with t_s,ax,ay,az in g or
    m/s²) and print their times and a cadence per second."""
    from cadence_coach.sources.recordings.accelerometer import steps as detect

    acceleration, track = detect(file)
    if as_json:
        import json

        click.echo(json.dumps(as_object(track)))
        return
    _print(acceleration, track)


def as_object(track: StepTrack) -> dict[str, Any]:
    """Step times, and per second the cadence (``null`` where there are no steps)."""
    return {
        "steps_t_s": [round(t, 3) for t in track.steps_t_s],
        "cadence": [{"t_s": w.t_s, "spm": w.spm if w.spm else None} for w in track.cadence],
    }


def _print(acceleration: Acceleration, track: StepTrack) -> None:
    a = acceleration
    click.echo(
        f"{a.path.name}: {a.duration_s:.1f} s of acceleration in {a.units.name} at about "
        f"{a.rate_hz:.0f} Hz; {len(track.steps)} steps"
    )
    if track.steps:
        times = " ".join(f"{t:.2f}" for t in track.steps_t_s)
        click.echo(textwrap.fill(f"steps at (s): {times}", 100, subsequent_indent="  "))
    click.echo("cadence per second:")
    for w in track.cadence:
        if w.spm:
            click.echo(f"{w.t_s:>8g} s  {w.spm:6.1f} spm  (confidence {w.confidence:.2f})")
        else:
            why = "standing still" if w.spm == 0 else "no steps"
            click.echo(f"{w.t_s:>8g} s       -      ({why})")
