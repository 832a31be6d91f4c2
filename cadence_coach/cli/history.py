"""``history``, ``report`` and ``export``: stored sessions listed, drawn and exported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.options import OUT_FILE
from cadence_coach.units import format_duration

if TYPE_CHECKING:
    from cadence_coach.history.records import SessionInfo


@click.command()
@click.argument("session_id", metavar="ID", type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "tcx", "fit"]), default="csv",
              show_default=True)  # fmt: skip
@click.option("--out", type=OUT_FILE, help="The file (default: session-ID.FORMAT).")
def export(session_id: int, fmt: str, out: Path | None) -> None:
    """Export a stored session: CSV (steps per minute), or TCX or FIT (for training
    platforms; cadence in strides per minute, as they expect)."""
    from cadence_coach.history.export import csv, fit, tcx

    store = context.store()
    info = store.session(session_id)
    rows = store.samples(session_id)
    path = out or Path(f"session-{session_id}.{fmt}")
    if fmt == "csv":
        written = csv.write(rows, path)
    elif fmt == "tcx":
        written = tcx.write(info, rows, path)
    else:
        written = fit.write(info, rows, path)
    click.echo(f"wrote {path}: {written} seconds of session {session_id} ({info.plan})")


@click.command()
@click.argument("session_id", metavar="ID", type=int)
@click.option("--out", type=OUT_FILE, help="The chart (default: session-ID.png).")
@click.option("--html", "as_html", is_flag=True, help="Also write a self-contained HTML page.")
def report(session_id: int, out: Path | None, as_html: bool) -> None:
    """Print a stored session's summary and draw its chart (PNG)."""
    from cadence_coach.history.report import chart, summary_lines, write_html

    store = context.store()
    info = store.session(session_id)
    rows = store.samples(session_id)
    cues = store.cues(session_id)
    for key, value in summary_lines(info):
        click.echo(f"{key:<13} {value}")
    png = out or Path(f"session-{session_id}.png")
    chart(info, rows, cues, png)
    click.echo(f"chart: {png}")
    if as_html:
        page = png.with_suffix(".html")
        write_html(info, png, cues, page)
        click.echo(f"page: {page}")


@click.command()
def history() -> None:
    """List stored sessions, and the trend of time in zone and habitual cadence by week."""
    store = context.store()
    found = store.sessions()
    if not found:
        click.echo(f"no sessions yet ({store.path})")
        return
    for s in found:
        click.echo(_line(s))
    _trend(found, store.settings.habitual())


def _line(s: SessionInfo) -> str:
    summary = s.summary
    mean = None if summary is None else summary.cadence_mean_spm
    zone = None if summary is None else summary.time_in_zone_pct
    seconds = None if summary is None else summary.duration_s
    length = "-" if seconds is None else format_duration(seconds)
    return (
        f"{s.id:>4}  {s.started_at[:16].replace('T', ' ')}  {s.plan[:24]:<24} {length:>7}  "
        f"{'-' if mean is None else f'{mean:g}':>6} spm  "
        f"{'-' if zone is None else f'{zone:g}%':>6} in zone  {s.status.value}"
        + (f"  effort {s.effort}/10" if s.effort is not None else "")
    )


def _trend(found: list[SessionInfo], habitual: float | None) -> None:
    from cadence_coach.history.trend import weekly_trend

    click.echo("\nweek      sessions  mean cadence  in zone  habitual (baseline)")
    for w in weekly_trend(found):
        mean = "-" if w.cadence_mean_spm is None else f"{w.cadence_mean_spm:g} spm"
        zone = "-" if w.time_in_zone_pct is None else f"{w.time_in_zone_pct:.0f}%"
        habit = "-" if w.habitual_spm is None else f"{w.habitual_spm:g} spm"
        click.echo(f"{w.week}  {w.sessions:>8}  {mean:>12}  {zone:>7}  {habit:>8}")
    baselines = [s.habitual_spm for s in found if s.habitual_spm is not None]
    if len(baselines) > 1:
        click.echo(
            f"habitual cadence: {baselines[0]:g} -> {baselines[-1]:g} spm over "
            f"{len(baselines)} baselines"
        )
    click.echo(
        f"habitual cadence: {habitual:g} spm (from the last baseline)"
        if habitual is not None
        else "no baseline yet: `cadence-coach baseline` measures your habitual cadence"
    )
