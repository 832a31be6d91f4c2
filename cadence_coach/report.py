"""Reports of stored sessions: the summary, a chart (matplotlib, PNG) and an HTML page.

A shell at the end of the chain: it reads the store and draws. matplotlib is imported
only here, and with its file-only backend, so the coach needs no display.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from cadence_coach.errors import SoundFileError
from cadence_coach.store import SessionInfo
from cadence_coach.units import format_duration


def chart(info: SessionInfo, samples: list[tuple[Any, ...]], cues: list[tuple[float, str, str]],
          path: Path) -> None:  # fmt: skip
    """Cadence over time against the target band, heart rate, segments shaded, cues marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [s[1] / 60 for s in samples]
    cadence = [s[6] for s in samples]
    heart = [s[7] for s in samples]
    lows = [s[4] if s[12] else None for s in samples]
    highs = [s[5] if s[12] else None for s in samples]
    fig, ax = plt.subplots(figsize=(11, 4.5), dpi=100)
    # Segments, shaded in turn.
    for n, (first, last) in enumerate(_segment_spans([s[2] for s in samples])):
        if n % 2:
            ax.axvspan(t[first], t[last] + 1 / 60, color="#f0f0f0", zorder=0)
    coached = [s[12] for s in samples]
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
    for when, _key, _text in cues:
        ax.axvline(when / 60, color="#e76f51", linewidth=0.8, alpha=0.7, zorder=2)
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
        fig.savefig(path)
    except OSError as err:
        raise SoundFileError(f"cannot write {path}: {err.strerror or err}", str(path)) from None
    finally:
        plt.close(fig)


def _segment_spans(names: list[str]) -> list[tuple[int, int]]:
    """(first, last) sample index of each run of the same segment name."""
    spans: list[tuple[int, int]] = []
    for i, name in enumerate(names):
        if i and name == names[i - 1]:
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((i, i))
    return spans


def summary_lines(info: SessionInfo) -> list[tuple[str, str]]:
    s = info.summary or {}
    zone = s.get("zone_spm")
    rows = [
        ("session", f"{info.id}: {info.plan} ({info.mode}, {info.status})"),
        ("started", info.started_at),
        ("duration", format_duration(s["duration_s"]) if "duration_s" in s else "-"),
        ("target", f"{s['target_spm']:g} spm, zone {zone[0]:g}-{zone[1]:g}" if zone else "-"),
        ("cadence", f"mean {s.get('cadence_mean_spm')}, median {s.get('cadence_median_spm')} spm"),
        ("time in zone", f"{s.get('time_in_zone_pct')}%"),
        ("heart rate", f"{s.get('heart_rate_mean_bpm') or '-'}"),
        ("pauses", f"{s.get('pauses', 0)} ({s.get('paused_s', 0)} s)"),
        ("cues", str(len(s.get("cues", [])))),
    ]
    return rows


def write_html(
    info: SessionInfo, png: Path, cues: list[tuple[float, str, str]], path: Path
) -> None:
    """One self-contained page: the chart (embedded) and the summary and cue tables."""
    image = base64.b64encode(png.read_bytes()).decode()
    table = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in summary_lines(info)
    )
    cue_rows = "".join(
        f"<tr><td>{format_duration(t)}</td><td>{html.escape(text)}</td></tr>" for t, _, text in cues
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
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise SoundFileError(f"cannot write {path}: {err.strerror or err}", str(path)) from None
