"""What a report says about a session, in figures and words. Pure: it reads the stored
summary, rows and the runner's other sessions, and returns lines and tables."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from cadence_coach.coaching.recorder import Row, Summary
from cadence_coach.history.records import SessionInfo
from cadence_coach.units import format_duration, format_zone

RECENT = 5
"""How many earlier sessions a report compares with."""


@dataclass(frozen=True, slots=True)
class SegmentFigures:
    """One stretch of a session under one segment name."""

    name: str
    seconds: int
    target_spm: float | None
    """``None`` where the cadence is not coached (walks, drills, a baseline's blocks)."""
    cadence_mean_spm: float | None
    time_in_zone_pct: float | None
    heart_rate_mean_bpm: float | None

    def cells(self) -> tuple[str, str, str, str, str, str]:
        return (
            self.name,
            format_duration(self.seconds),
            _or_dash(self.target_spm, " spm"),
            _or_dash(self.cadence_mean_spm, " spm"),
            _or_dash(self.time_in_zone_pct, "%"),
            _or_dash(self.heart_rate_mean_bpm, " bpm"),
        )


SEGMENT_HEADINGS = ("segment", "time", "target", "cadence", "in zone", "heart rate")


def segments(rows: list[Row]) -> list[SegmentFigures]:
    """The session's segments in order, each with its own figures."""
    out = []
    for first, last in segment_spans([r.segment for r in rows]):
        span = rows[first : last + 1]
        judged = [r for r in span if r.in_zone is not None]
        running = [r.cadence_spm for r in span if r.moving and r.cadence_spm is not None]
        hearts = [r.heart_rate_bpm for r in span if r.heart_rate_bpm is not None]
        out.append(
            SegmentFigures(
                span[0].segment,
                len(span),
                span[0].target_spm if span[0].coached else None,
                _mean(running),
                round(100 * sum(bool(r.in_zone) for r in judged) / len(judged)) if judged else None,
                _mean(hearts),
            )
        )
    return out


def segment_spans(names: list[str]) -> list[tuple[int, int]]:
    """(first, last) sample index of each run of the same segment name."""
    spans: list[tuple[int, int]] = []
    for i, name in enumerate(names):
        if i and name == names[i - 1]:
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((i, i))
    return spans


def distance_and_pace(rows: list[Row]) -> str | None:
    """``5.21 km, 5:24 /km`` from the speed readings, or ``None`` without speed."""
    moving = [r for r in rows if r.moving and r.speed_mps is not None]
    metres = sum(r.speed_mps or 0.0 for r in moving)  # one row a second
    if metres < 50:
        return None
    pace = len(moving) / (metres / 1000)
    return f"{metres / 1000:.2f} km, {format_duration(pace)} /km"


def comparison(info: SessionInfo, others: list[SessionInfo]) -> str | None:
    """How this session compares with the runner's last few of the same kind."""
    s = info.summary
    if s is None or s.cadence_mean_spm is None:
        return None
    earlier = [
        o.summary
        for o in others
        if o.id != info.id
        and o.kind is info.kind
        and o.started_at < info.started_at
        and o.summary is not None
    ]
    means = [m.cadence_mean_spm for m in earlier if m.cadence_mean_spm is not None][-RECENT:]
    zones = [m.time_in_zone_pct for m in earlier if m.time_in_zone_pct is not None][-RECENT:]
    if not means:
        return None
    what = "runs" if info.real else f"{info.kind.value} sessions"
    text = f"your last {len(means)} {what}: mean {statistics.fmean(means):.1f} spm"
    if zones:
        text += f", {statistics.fmean(zones):.0f}% in zone"
    return f"{text}; this one {s.cadence_mean_spm - statistics.fmean(means):+.1f} spm"


def summary_lines(
    info: SessionInfo, rows: list[Row] | None = None, others: list[SessionInfo] | None = None
) -> list[tuple[str, str]]:
    """The report's summary, a line a figure: what every session has, then what only some
    have (a target stepped, time on the runner's own, distance, a comparison, the
    journal)."""
    s = info.summary or Summary.from_json({})
    zone = s.zone_spm
    target = "-"
    if zone is not None and s.target_spm is not None:
        target = f"{s.target_spm:g} spm, zone {format_zone(*zone)}"
    return [
        ("session", f"{info.id}: {info.plan} ({info.kind.value}, {info.status.value})"),
        ("started", local_time(info.started_at)),
        ("duration", format_duration(s.duration_s) if s.duration_s is not None else "-"),
        ("target", target),
        ("cadence", _cadence(s)),
        ("time in zone", "-" if s.time_in_zone_pct is None else f"{s.time_in_zone_pct:g}%"),
        ("heart rate", "-" if s.heart_rate_mean_bpm is None else f"{s.heart_rate_mean_bpm:g} bpm"),
        ("pauses", f"{s.pauses} ({s.paused_s} s)"),
        *_held(s),
        ("cues", str(len(s.cues))),
        *_adjusted(s),
        *_extra(info, rows or [], others or []),
    ]


def held_line(s: Summary) -> str | None:
    """The times the session was held (paused with a button, its output lost), or
    ``None`` when it never was."""
    if not s.holds:
        return None
    by_you = s.holds.count("runner")
    lost = len(s.holds) - by_you
    parts = [f"{by_you} paused by you"] if by_you else []
    parts += [f"{lost} with the output lost"] if lost else []
    return ", ".join(parts)


def _held(s: Summary) -> list[tuple[str, str]]:
    held = held_line(s)
    return [] if held is None else [("held", held)]


def _extra(info: SessionInfo, rows: list[Row], others: list[SessionInfo]) -> list[tuple[str, str]]:
    lines = []
    if (distance := distance_and_pace(rows)) is not None:
        lines.append(("distance", distance))
    if (compared := comparison(info, others)) is not None:
        lines.append(("compared", compared))
    if info.journal is not None:
        lines.append(("journal", info.journal.line()))
    return lines


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


NO_READINGS_SAID = 0.1
"""More of a session than this without readings, and its summary says so."""


def readings_gap(s: Summary) -> str | None:
    """``no readings for 3:40 of 5:00: the time in zone counts only the rest``, when a
    telling share of the session had none."""
    total = s.duration_s or 0
    if total <= 0 or s.no_readings_s <= NO_READINGS_SAID * total:
        return None
    return (
        f"no readings for {format_duration(s.no_readings_s)} of {format_duration(total)}: "
        "the time in zone counts only the rest"
    )


def _adjusted(s: Summary) -> list[tuple[str, str]]:
    """The lines only some sessions have: a target stepped, time on the runner's own,
    a long time without readings."""
    lines = []
    if (gap := readings_gap(s)) is not None:
        lines.append(("readings", gap))
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


def local_time(started_at: str) -> str:
    """A stored start in the runner's own time zone: ``Tue 1 Dec 2026, 23:01``."""
    when = datetime.fromisoformat(started_at).astimezone()
    return f"{when:%a} {when.day} {when:%b %Y, %H:%M}"


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


def _or_dash(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:g}{unit}"
