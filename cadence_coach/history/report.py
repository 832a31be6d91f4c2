"""Reports of stored sessions: the summary, a chart (matplotlib, PNG) and an HTML page.

A shell at the end of the chain: it draws what the store hands back. matplotlib is imported
only here, and with its file-only backend, so the coach needs no display.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from cadence_coach.coaching.recorder import CueRecord, Row, Summary
from cadence_coach.history.records import SessionInfo
from cadence_coach.output_files import replacing
from cadence_coach.units import format_duration


def chart(info: SessionInfo, rows: list[Row], cues: list[CueRecord], path: Path) -> None:
    """Cadence over time against the target band, heart rate, segments shaded, cues marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [r.t / 60 for r in rows]
    cadence = [r.cadence_spm for r in rows]
    heart = [r.heart_rate_bpm for r in rows]
    lows = [r.zone_spm[0] if r.coached else None for r in rows]
    highs = [r.zone_spm[1] if r.coached else None for r in rows]
    fig, ax = plt.subplots(figsize=(11, 4.5), dpi=100)
    # Segments, shaded in turn.
    for n, (first, last) in enumerate(segment_spans([r.segment for r in rows])):
        if n % 2:
            ax.axvspan(t[first], t[last] + 1 / 60, color="#f0f0f0", zorder=0)
    coached = [r.coached for r in rows]
    nan = float("nan")
    ax.fill_between(
        t,
        [lo if lo is not None else nan for lo in lows],
        [hi if hi is not None else nan for hi in highs],
        where=coached,
        color="#b7e4c7",
        step="post",
        label="target zone",
        zorder=1,
    )  # no band where the cadence is not coached (walks, drills)
    ax.plot(t, [c if c is not None else float("nan") for c in cadence], color="#1d3557",
            linewidth=1.2, label="cadence (spm)", zorder=3)  # fmt: skip
    for cue in cues:
        ax.axvline(cue.t_s / 60, color="#e76f51", linewidth=0.8, alpha=0.7, zorder=2)
    ax.set_xlabel("minutes")
    ax.set_ylabel("steps per minute")
    ax.set_title(f"{info.plan}, {info.started_at[:16].replace('T', ' ')} (cue lines in orange)")
    if any(h is not None for h in heart):
        hr_ax = ax.twinx()
        hr_ax.plot(t, [h if h is not None else float("nan") for h in heart], color="#c1121f",
                   linewidth=0.8, alpha=0.6)  # fmt: skip
        hr_ax.set_ylabel("heart rate (bpm)", color="#c1121f")
    ax.legend(loc="lower right")
    fig.tight_layout()
    try:
        with replacing(path) as f:
            fig.savefig(f, format="png")
    finally:
        plt.close(fig)


def segment_spans(names: list[str]) -> list[tuple[int, int]]:
    """(first, last) sample index of each run of the same segment name."""
    spans: list[tuple[int, int]] = []
    for i, name in enumerate(names):
        if i and name == names[i - 1]:
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((i, i))
    return spans


def summary_lines(info: SessionInfo) -> list[tuple[str, str]]:
    s = info.summary or Summary.from_json({})
    zone = s.zone_spm
    target = "-"
    if zone is not None and s.target_spm is not None:
        target = f"{s.target_spm:g} spm, zone {zone[0]:g}-{zone[1]:g}"
    return [
        ("session", f"{info.id}: {info.plan} ({info.kind.value}, {info.status.value})"),
        ("started", info.started_at),
        ("duration", format_duration(s.duration_s) if s.duration_s is not None else "-"),
        ("target", target),
        ("cadence", _cadence(s)),
        ("time in zone", "-" if s.time_in_zone_pct is None else f"{s.time_in_zone_pct:g}%"),
        ("heart rate", "-" if s.heart_rate_mean_bpm is None else f"{s.heart_rate_mean_bpm:g} bpm"),
        ("pauses", f"{s.pauses} ({s.paused_s} s)"),
        ("cues", str(len(s.cues))),
        *_adjusted(s),
        *([("journal", info.journal.line())] if info.journal is not None else []),
    ]


def target_steps(s: Summary) -> str:
    """The target's steps down and up: ``172 -> 167.7 at 4:16``."""
    return ", ".join(
        f"{c.from_spm:g} -> {c.to_spm:g} at {format_duration(c.t_s)}" for c in s.target_changes
    )


def unaided_line(s: Summary) -> str | None:
    """How the on-your-own segments went, or ``None`` without any."""
    u = s.unaided
    if u is None:
        return None
    mean = "-" if u.cadence_mean_spm is None else f"{u.cadence_mean_spm:g} spm"
    zone = "-" if u.time_in_zone_pct is None else f"{u.time_in_zone_pct:g}%"
    return f"{format_duration(u.seconds)}, mean {mean}, {zone} in zone"


def _adjusted(s: Summary) -> list[tuple[str, str]]:
    """The lines only some sessions have: a target stepped, time on the runner's own."""
    lines = []
    if s.target_changes:
        lines.append(("target steps", target_steps(s)))
    unaided = unaided_line(s)
    if unaided is not None:
        lines.append(("on your own", unaided))
    return lines


def _cadence(s: Summary) -> str:
    if s.cadence_mean_spm is None or s.cadence_median_spm is None:
        return "-"
    return f"mean {s.cadence_mean_spm:g}, median {s.cadence_median_spm:g} spm"


def write_html(info: SessionInfo, png: Path, cues: list[CueRecord], path: Path) -> None:
    """One self-contained page: the chart (embedded) and the summary and cue tables."""
    image = base64.b64encode(png.read_bytes()).decode()
    table = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in summary_lines(info)
    )
    cue_rows = "".join(
        f"<tr><td>{format_duration(c.t_s)}</td><td>{html.escape(c.text)}</td></tr>" for c in cues
    )
    page = (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>cadence-coach session {info.id}</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        "th{text-align:left;padding-right:1em}td{padding-right:1em}</style>"
        f"<h1>Session {info.id}: {html.escape(info.plan)}</h1>"
        f"<img alt='cadence chart' src='data:image/png;base64,{image}' style='width:100%'>"
        f"<table>{table}</table><h2>Cues</h2><table>{cue_rows}</table>"
    )
    with replacing(path, "w") as f:
        f.write(page)
