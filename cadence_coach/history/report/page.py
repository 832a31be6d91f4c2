"""A session's page: one self-contained HTML file, for reading on a phone. The chart is
embedded, the figures carry their units, times are the runner's own."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from pathlib import Path

from cadence_coach.coaching.recorder import CueRecord
from cadence_coach.history.records import SessionInfo
from cadence_coach.history.report.figures import SEGMENT_HEADINGS, SegmentFigures, local_time
from cadence_coach.output_files import replacing
from cadence_coach.units import format_duration

STYLE = (
    "body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;padding:1em;max-width:60em;"
    "color:#212529}h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.1em;margin-top:1.5em}"
    "img{width:100%;height:auto;border:1px solid #dee2e6}"
    ".wide{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0}"
    "th,td{text-align:left;padding:.25em .8em .25em 0;vertical-align:top}"
    "thead th{border-bottom:1px solid #adb5bd}.when{color:#6c757d}"
)


def write_html(
    info: SessionInfo,
    png: Path | None,
    lines: list[tuple[str, str]],
    segments: list[SegmentFigures],
    cues: list[CueRecord],
    path: Path,
) -> None:
    """The page: title, chart (if one was drawn), summary, segments (for a plan), cues."""
    parts = [
        "<!doctype html><html lang='en'><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>cadence-coach: {html.escape(info.plan)}</title><style>{STYLE}</style>",
        f"<h1>{html.escape(info.plan)}</h1>",
        f"<p class='when'>{html.escape(local_time(info.started_at))}, session {info.id}</p>",
    ]
    if png is not None:
        image = base64.b64encode(png.read_bytes()).decode()
        parts.append(f"<img alt='cadence over the session' src='data:image/png;base64,{image}'>")
    parts.append(_table([(k, v) for k, v in lines if k not in ("session", "started")]))
    if len(segments) > 1:
        rows = [seg.cells() for seg in segments]
        parts += ["<h2>Segments</h2>", _grid(SEGMENT_HEADINGS, rows)]
    if cues:
        said = [(format_duration(c.t_s), c.text) for c in cues]
        parts += ["<h2>What the coach said</h2>", _grid(("time", "cue"), said)]
    with replacing(path, "w") as f:
        f.write("".join(parts))


def _table(pairs: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in pairs)
    return f"<table>{body}</table>"


def _grid(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headings)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<div class='wide'>{table}</div>"
