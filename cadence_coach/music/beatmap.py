"""Which tracks fit a target, and the time map that lays a track's beats on the beat grid.
Pure.

A track fits a target when its tempo, or half or double it, is within
:data:`~cadence_coach.music.FIT_TOLERANCE` of it. The track's beats are then counted at the
grid's rate (a half-time track gains a beat between each two of its own; a double-time one
keeps every other beat), and a piece of ``count`` grid beats is stretched so that its beat
``k`` falls ``round_half_up(k * period)`` samples after its first, exactly as the grid's
own beats do (:mod:`cadence_coach.audio.beats`). A piece carries one beat of the track
before its first beat (into which it fades in) and stretches one beat past its last (so
the stretcher has what follows), which is cut off.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from cadence_coach.audio.beats import period_samples, round_half_up
from cadence_coach.music import FIT_TOLERANCE

PER_BEAT = (Fraction(1), Fraction(2), Fraction(1, 2))
"""Grid beats per track beat: as played, half time, double time."""


@dataclass(frozen=True, slots=True)
class Fit:
    """How a track meets a target: ``per_beat`` grid beats to each of its beats, played at
    ``stretch`` times its own tempo (1.05: 5 % faster)."""

    per_beat: Fraction
    stretch: float

    @property
    def change(self) -> float:
        """How far the tempo moves, as a share (0.05 for 5 %)."""
        return abs(self.stretch - 1.0)


def fit(tempo_bpm: float, target_bpm: float, tolerance: float = FIT_TOLERANCE) -> Fit | None:
    """The way ``tempo_bpm`` meets ``target_bpm`` with the least stretch, or ``None``."""
    best = min(
        (Fit(per, target_bpm / (tempo_bpm * float(per))) for per in PER_BEAT),
        key=lambda f: f.change,
    )
    return best if best.change <= tolerance + 1e-9 else None


def grid_rate(beats_s: Sequence[float], per_beat: Fraction) -> tuple[float, ...]:
    """The track's beats counted at the grid's rate."""
    if per_beat == 1:
        return tuple(beats_s)
    if per_beat == 2:
        out: list[float] = []
        for a, b in itertools.pairwise(beats_s):
            out += [a, (a + b) / 2]
        return (*out, beats_s[-1]) if beats_s else ()
    return tuple(beats_s[::2])


@dataclass(frozen=True, slots=True)
class TimeMap:
    """One piece: the source span to stretch and where its beats must land."""

    src_start: int
    """First source frame of the excerpt (the beat before the piece's first)."""
    src_stop: int
    points: tuple[tuple[int, int], ...]
    """(source frame, output frame) of each beat, both from the excerpt's start."""
    out_frames: int
    """Frames the stretcher is asked for (through the beat after the last)."""
    lead: int
    """Output frames before the piece's first beat (its fade-in)."""
    length: int
    """Output frames kept: through the piece's last beat."""
    first: int
    """Index (at the grid's rate) of the piece's first beat in the track."""
    count: int
    """Beat intervals in the piece."""


def time_map(beats_s: Sequence[float], first: int, count: int, bpm: Fraction, fs: int) -> TimeMap:
    """The map for grid-rate beats ``first .. first + count`` of a track onto ``count``
    beats at ``bpm``. Needs one beat either side: ``1 <= first`` and
    ``first + count + 1 < len(beats_s)``."""
    if first < 1 or count < 1 or first + count + 1 >= len(beats_s):
        raise ValueError(f"beats {first}..{first + count} need a beat either side")
    period = period_samples(bpm, fs)
    src = [round(beats_s[j] * fs) for j in range(first - 1, first + count + 2)]
    out = [round_half_up(k * period) for k in range(len(src))]
    points = tuple((s - src[0], o) for s, o in zip(src, out, strict=True))
    return TimeMap(
        src_start=src[0],
        src_stop=src[-1],
        points=points,
        out_frames=out[-1],
        lead=out[1],
        length=out[-2],
        first=first,
        count=count,
    )
