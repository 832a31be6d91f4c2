"""A session's chart (PNG): cadence against the target zone, with the segments named, the
pauses and the metronome shown, each cue marked; heart rate below, on its own axis.
Every line and band is in the legend, and the time axis is ticked to suit the length."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cadence_coach.coaching.recorder import CueRecord, Row
from cadence_coach.history.records import SessionInfo
from cadence_coach.history.report.figures import local_time, segment_spans
from cadence_coach.output_files import replacing
from cadence_coach.units import format_duration

TICKS_S = (15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400)
"""Time tick spacings to choose from: the first giving at most ten ticks."""
CADENCE = "#1d3557"
ZONE = "#b7e4c7"
HEART = "#c1121f"
CUE = "#6a4c93"
PAUSE = "#adb5bd"
BEAT = "#f4a261"


def chart(info: SessionInfo, rows: list[Row], cues: list[CueRecord], path: Path) -> bool:
    """Draw the chart to ``path``; ``False`` (and nothing written) with no rows to draw."""
    if not rows:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    has_heart = any(r.heart_rate_bpm is not None for r in rows)
    fig, axes = plt.subplots(
        2 if has_heart else 1, 1, sharex=True, figsize=(11, 6 if has_heart else 4.5), dpi=100,
        gridspec_kw={"height_ratios": [3, 1]} if has_heart else None, squeeze=False,
    )  # fmt: skip
    top = axes[0][0]
    try:
        _segments(top, rows)
        _pauses([a[0] for a in axes], rows)
        _cadence(top, rows)
        _metronome(top, rows)
        _cues(top, cues)
        if has_heart:
            _heart(axes[1][0], rows)
        _time_axis(axes[-1][0], rows)
        fig.suptitle(f"{info.plan}, {local_time(info.started_at)}")
        # above the plot, where it hides nothing
        top.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", ncol=6,
                   frameon=False)  # fmt: skip
        fig.tight_layout()
        with replacing(path) as f:
            fig.savefig(f, format="png")
    finally:
        plt.close(fig)
    return True


def _minutes(t: float) -> float:
    return t / 60


def _segments(ax: Any, rows: list[Row]) -> None:
    """Every other segment shaded, each named at the top where there is room."""
    end = _minutes(rows[-1].t + 1)
    for n, (first, last) in enumerate(segment_spans([r.segment for r in rows])):
        lo, hi = _minutes(rows[first].t), _minutes(rows[last].t + 1)
        if n % 2:
            ax.axvspan(lo, hi, color="#f1f3f5", zorder=0)
        if (hi - lo) / end > 0.05:
            ax.text((lo + hi) / 2, 0.985, _short(rows[first].segment, (hi - lo) / end),
                    transform=ax.get_xaxis_transform(), ha="center", va="top",
                    fontsize="x-small", color="#495057", clip_on=True)  # fmt: skip


def _short(name: str, share: float) -> str:
    room = max(4, int(share * 120))
    return name if len(name) <= room else name[: room - 1] + "…"


def _pauses(axes: list[Any], rows: list[Row]) -> None:
    """Standing still, shaded across every panel (one legend entry)."""
    spans = _runs(rows, lambda r: not r.moving)
    for ax in axes:
        for i, (lo, hi) in enumerate(spans):
            label = "paused" if ax is axes[0] and i == 0 else None
            ax.axvspan(lo, hi, color=PAUSE, alpha=0.35, hatch="//", lw=0, zorder=1, label=label)


def _runs(rows: list[Row], test: Any) -> list[tuple[float, float]]:
    """(start, end) in minutes of each stretch of rows for which ``test`` holds."""
    spans: list[tuple[float, float]] = []
    for r in rows:
        if test(r):
            t = _minutes(r.t)
            if spans and t - spans[-1][1] < 1.5 / 60:
                spans[-1] = (spans[-1][0], t + 1 / 60)
            else:
                spans.append((t, t + 1 / 60))
    return spans


def _cadence(ax: Any, rows: list[Row]) -> None:
    nan = float("nan")
    t = [_minutes(r.t) for r in rows]
    # no band where the cadence is not coached (walks, drills)
    ax.fill_between(
        t,
        [r.zone_spm[0] if r.coached else nan for r in rows],
        [r.zone_spm[1] if r.coached else nan for r in rows],
        where=[r.coached for r in rows],
        color=ZONE, step="post", label="target zone", zorder=2,
    )  # fmt: skip
    cadence = [r.cadence_spm if r.cadence_spm is not None else nan for r in rows]
    ax.plot(t, cadence, color=CADENCE, linewidth=1.2, label="cadence", zorder=4)
    ax.set_ylabel("cadence (steps per minute)")
    values = [c for c in cadence if c == c] + [v for r in rows if r.coached for v in r.zone_spm]
    if values:
        ax.set_ylim(min(values) - 8, max(values) + 10)  # room for the names and cue marks


def _metronome(ax: Any, rows: list[Row]) -> None:
    """A strip along the bottom where the beat played."""
    for i, (lo, hi) in enumerate(_runs(rows, lambda r: r.metronome)):
        ax.axvspan(lo, hi, ymin=0, ymax=0.025, color=BEAT, lw=0, zorder=3,
                   label="metronome on" if i == 0 else None)  # fmt: skip


def _cues(ax: Any, cues: list[CueRecord]) -> None:
    """A small mark under the top edge for each cue: not a line to mistake for a curve."""
    if cues:
        ax.plot([_minutes(c.t_s) for c in cues], [0.93] * len(cues), linestyle="none",
                marker="v", markersize=5, color=CUE, label="cue",
                transform=ax.get_xaxis_transform(), zorder=5)  # fmt: skip


def _heart(ax: Any, rows: list[Row]) -> None:
    nan = float("nan")
    ax.plot([_minutes(r.t) for r in rows],
            [r.heart_rate_bpm if r.heart_rate_bpm is not None else nan for r in rows],
            color=HEART, linewidth=0.9, label="heart rate")  # fmt: skip
    ax.set_ylabel("heart rate (bpm)", color=HEART)
    ax.legend(loc="upper left", fontsize="small", frameon=False)


def tick_step_s(length_s: float) -> int:
    """The time between ticks for a session ``length_s`` long: at most ten ticks."""
    return next((s for s in TICKS_S if length_s / s <= 10), TICKS_S[-1])


def _time_axis(ax: Any, rows: list[Row]) -> None:
    """Ticks at a spacing that suits the session's length, labelled m:ss or h:mm:ss."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    length = rows[-1].t + 1
    ax.xaxis.set_major_locator(MultipleLocator(tick_step_s(length) / 60))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_duration(x * 60)))
    ax.set_xlim(0, _minutes(length))
    ax.set_xlabel("time")
