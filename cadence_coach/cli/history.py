"""``history``, ``report`` and ``export``: stored sessions listed, drawn and exported."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cadence_coach.cli import context
from cadence_coach.cli.options import OUT_FILE, SESSION_ID, count, fail
from cadence_coach.units import format_duration

if TYPE_CHECKING:
    from cadence_coach.history.records import SessionInfo


EXPORT_FORMATS = ("csv", "tcx", "fit")


def export_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for: ``--format``, else the extension of ``--out``, else CSV; an
    extension that is none of them, or that says another format, is refused."""
    from cadence_coach.output_files import in_place

    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if out is not None and not (not suffix and in_place(out)):
        if suffix not in EXPORT_FORMATS:
            raise click.BadParameter(
                f"cannot export as {'.' + suffix if suffix else 'a file without an extension'}"
                f": use .csv, .tcx or .fit",
                param_hint="'--out'",
            )
        if fmt is not None and fmt != suffix:
            raise click.BadParameter(
                f"{out.name} says {suffix.upper()}, --format says {fmt.upper()}: give one",
                param_hint="'--out'",
            )
        return suffix
    return fmt or "csv"


@click.command()
@click.argument("session_id", metavar="ID", type=SESSION_ID)
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="csv, tcx or fit (default: from --out's extension, else csv).")  # fmt: skip
@click.option("--out", type=OUT_FILE, help="The file (default: session-ID.FORMAT).")
def export(session_id: int, fmt: str | None, out: Path | None) -> None:
    """Export a stored session: CSV (steps per minute), or TCX or FIT (for training
    platforms; cadence in strides per minute, as they expect)."""
    from cadence_coach.history.export import csv, fit, tcx

    fmt = export_format(fmt, out)
    store = context.store()
    info = store.session(session_id)
    rows = store.samples(session_id)
    events = store.events(session_id)
    path = out or Path(f"session-{session_id}.{fmt}")
    if fmt == "csv":
        written = csv.write(rows, path)
    elif fmt == "tcx":
        written = tcx.write(info, rows, path)
    else:
        written = fit.write(info, rows, events, path)
    click.echo(f"wrote {path}: {written} seconds of session {session_id} ({info.plan})")


def _png(ctx: click.Context, param: click.Parameter, out: Path | None) -> Path | None:
    """``--out`` for a chart: a ``.png`` (or a device such as ``/dev/null``)."""
    from cadence_coach.output_files import in_place

    if out is None or out.suffix.lower() == ".png" or (not out.suffix and in_place(out)):
        return out
    raise click.BadParameter(
        f"cannot draw a chart as {out.suffix or 'a file without an extension'}: use .png "
        "(--html adds a page beside it)"
    )


@click.command()
@click.argument("session_id", metavar="ID", type=SESSION_ID)
@click.option("--out", type=OUT_FILE, callback=_png,
              help="The chart, a .png (default: session-ID.png).")  # fmt: skip
@click.option("--html", "as_html", is_flag=True, help="Also write a self-contained HTML page.")
def report(session_id: int, out: Path | None, as_html: bool) -> None:
    """Print a stored session's summary and draw its chart (PNG)."""
    from cadence_coach.history.report.chart import chart
    from cadence_coach.history.report.figures import SEGMENT_HEADINGS, segments, summary_lines
    from cadence_coach.history.report.page import write_html

    store = context.store()
    info = store.session(session_id)
    rows = store.samples(session_id)
    cues = store.cues(session_id)
    lines = summary_lines(info, rows, store.sessions())
    for key, value in lines:
        click.echo(f"{key:<13} {value}")
    parts = segments(rows)
    if len(parts) > 1:
        _segment_table(SEGMENT_HEADINGS, [p.cells() for p in parts])
    png: Path | None = out or Path(f"session-{session_id}.png")
    assert png is not None
    if chart(info, rows, cues, png):
        click.echo(f"chart: {png}")
    else:
        click.echo("chart: none (no seconds were recorded)")
        png = None
    if as_html:
        page = (out or Path(f"session-{session_id}.png")).with_suffix(".html")
        write_html(info, png, lines, parts, cues, page)
        click.echo(f"page: {page}")


def _segment_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """The segments, one a line, in columns."""
    table = [list(headings), *[list(r) for r in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(headings))]
    click.echo("")
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@click.group(invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True,
              help="Also the simulated, rendered and replayed sessions.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="One JSON object per session.")
@click.pass_context
def history(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """List stored sessions, and the trend of time in zone and habitual cadence by week."""
    if ctx.invoked_subcommand is not None:
        return
    store = context.store()
    found = store.sessions()
    shown = found if show_all else [s for s in found if s.real]
    if as_json:
        for s in shown:
            click.echo(json.dumps(_as_json(s)))
        return
    if not found:
        click.echo(f"no sessions yet ({store.path})")
        return
    for s in shown:
        click.echo(_line(s, show_all))
    hidden = len(found) - len(shown)
    if hidden:
        click.echo(f"({count(hidden, 'simulated, rendered or replayed session')} not shown: --all)")
    if store.skipped:
        click.echo(f"warning: {store.skipped} stored rows could not be read and were skipped",
                   err=True)  # fmt: skip
    _trend(found, store.settings.habitual())


@history.command("delete")
@click.argument("session_id", metavar="ID", type=SESSION_ID)
@click.option("--yes", is_flag=True, help="Do not ask.")
def history_delete(session_id: int, yes: bool) -> None:
    """Delete a stored session and everything it recorded."""
    store = context.store()
    info = store.session(session_id)
    if not yes and not _confirmed(f"delete session {info.id} ({info.plan}, "
                                  f"{info.started_at[:16]})?"):  # fmt: skip
        click.echo(f"kept session {session_id}")
        return
    store.delete(session_id)
    click.echo(f"deleted session {session_id}")


def _confirmed(question: str) -> bool:
    """The runner's yes; no answer at all (the input ended) is one line, exit 1."""
    try:
        return click.confirm(question)
    except click.Abort:
        click.echo()  # the prompt's line ended
        fail("no answer, so nothing was deleted (--yes deletes without asking)", 1)


def _as_json(s: SessionInfo) -> dict[str, Any]:
    return {
        "id": s.id,
        "started_at": s.started_at,
        "plan": s.plan,
        "kind": s.kind.value,
        "status": s.status.value,
        "summary": None if s.summary is None else s.summary.to_json(),
        "effort": s.effort,
        "journal": None if s.journal is None else dataclasses.asdict(s.journal),
        "habitual_spm": s.habitual_spm,
    }


def _line(s: SessionInfo, with_kind: bool) -> str:
    summary = s.summary
    mean = None if summary is None else summary.cadence_mean_spm
    zone = None if summary is None else summary.time_in_zone_pct
    seconds = None if summary is None else summary.duration_s
    length = "-" if seconds is None else format_duration(seconds)
    kind = f" {s.kind.value:<9}" if with_kind else ""
    return (
        f"{s.id:>4}  {s.started_at[:16].replace('T', ' ')}{kind}  {s.plan[:24]:<24} "
        f"{length:>7}  {'-' if mean is None else f'{mean:g}':>6} spm  "
        f"{'-' if zone is None else f'{zone:g}%':>6} in zone  {s.status.value}"
        + (f"  {s.journal.line()[:40]}" if s.journal is not None else "")
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
