"""How well the coach coached a session, judged against an independent reading of what the
runner did. Pure. ``bench/coaching.py`` runs it over a corpus; docs/coaching.md keeps the
figures and the goals.

The truth is not the coach's own estimate. For a recording it is read from the raw records
with a centred ten-second median (which no live coach can have, as it looks ahead): a
second is a stop when the record is missing, the speed is under 0.5 m/s or the cadence under
40 spm; a walk when the median cadence is under 145 spm and the speed, if any, under 2.3
m/s; else running. For the simulated runner it is what the model really did.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from cadence_coach.coaching.recorder import Recorder, Row
from cadence_coach.sources.reading import Reading

DRIFT_KEYS = ("cadence_up", "cadence_down")
MERGE_GAP_S = 5
"""Out of the zone again within this long: the same excursion."""


@dataclass(frozen=True, slots=True)
class Moment:
    """What the runner really did in one second."""

    t: int
    state: str
    """``run``, ``walk`` or ``stop``."""
    cadence_spm: float | None


@dataclass(frozen=True, slots=True)
class Figures:
    """One session's coaching in figures."""

    moving_min: float
    """Running minutes (by the truth) in coached segments."""
    drift_cues: int
    cues_per_min: float
    repeats_per_excursion: float | None
    """Drift cues after the first, per excursion that was cued."""
    first_cue_s: float | None
    """Median seconds from leaving the zone to the first cue, over the cued excursions."""
    cues_walking_or_stopped: int
    """Drift cues given while the runner walked, slowed into a stop or stood."""
    time_in_zone_pct: float | None
    """As the coach reported it."""
    true_in_zone_pct: float | None
    """From the truth, against the same zones."""
    target_changes: int


def truth_from_readings(readings: Sequence[Reading], duration_s: float) -> list[Moment]:
    """The independent reading of a recording, one moment a second."""
    by_second: dict[int, Reading] = {}
    for r in readings:
        by_second.setdefault(int(r.t), r)
    moments = []
    for t in range(int(duration_s)):
        window = [c for s in range(t - 5, t + 5) if (c := _cadence(by_second.get(s))) is not None]
        cadence = statistics.median(window) if window else None
        moments.append(Moment(t, _state(by_second.get(t), cadence), cadence))
    return moments


def _cadence(r: Reading | None) -> float | None:
    return r.cadence_spm if r is not None and (r.cadence_spm or 0) >= 40 else None


def _state(r: Reading | None, cadence: float | None) -> str:
    if r is None or (r.cadence_spm or 0) < 40 or cadence is None:
        return "stop"
    if r.speed_mps is not None and r.speed_mps < 0.5:
        return "stop"
    if cadence < 145 and (r.speed_mps is None or r.speed_mps < 2.3):
        return "walk"
    return "run"


def truth_from_runner(truth: Sequence[tuple[float, str, float]]) -> list[Moment]:
    """The simulated runner's own record of what it did."""
    return [Moment(int(t), state, cadence or None) for t, state, cadence in truth if t == int(t)]


def evaluate(recorder: Recorder, truth: Sequence[Moment]) -> Figures:
    """The figures for one session."""
    rows = {int(r.t): r for r in recorder.rows}
    known = {m.t: m for m in truth}
    running = [m for m in truth if m.state == "run" and m.t in rows and rows[m.t].coached]
    cues = [c.t_s for c in recorder.cues if c.id.startswith(DRIFT_KEYS)]
    moving_min = len(running) / 60
    excursions = _excursions(running, rows)
    cued = [[c for c in cues if start <= c <= end + 3] for start, end in excursions]
    cued_pairs = [
        (start, found) for (start, _), found in zip(excursions, cued, strict=True) if found
    ]
    inside = [_inside(rows[m.t], m.cadence_spm) for m in running if m.cadence_spm is not None]
    summary = recorder.summary()
    return Figures(
        moving_min=round(moving_min, 1),
        drift_cues=len(cues),
        cues_per_min=round(len(cues) / moving_min, 2) if moving_min else 0.0,
        repeats_per_excursion=(
            round(sum(len(f) - 1 for _, f in cued_pairs) / len(cued_pairs), 2)
            if cued_pairs
            else None
        ),
        first_cue_s=(
            round(statistics.median(f[0] - start for start, f in cued_pairs), 1)
            if cued_pairs
            else None
        ),
        cues_walking_or_stopped=sum(1 for c in cues if _not_running(known, c)),
        time_in_zone_pct=summary.time_in_zone_pct,
        true_in_zone_pct=round(100 * sum(inside) / len(inside), 1) if inside else None,
        target_changes=len(summary.target_changes),
    )


def _inside(row: Row, cadence: float | None) -> bool:
    lo, hi = row.zone_spm
    return cadence is not None and lo <= cadence <= hi


def _excursions(running: list[Moment], rows: dict[int, Row]) -> list[tuple[int, int]]:
    """Spans of running out of the zone (by the truth), joined across short returns."""
    spans: list[tuple[int, int]] = []
    for m in running:
        if m.cadence_spm is None or _inside(rows[m.t], m.cadence_spm):
            continue
        if spans and m.t - spans[-1][1] <= MERGE_GAP_S:
            spans[-1] = (spans[-1][0], m.t)
        else:
            spans.append((m.t, m.t))
    return spans


def _not_running(known: dict[int, Moment], t: float) -> bool:
    """Whether the runner walked or stood within two seconds of ``t``."""
    return any(known[s].state != "run" for s in range(int(t) - 2, int(t) + 3) if s in known)
