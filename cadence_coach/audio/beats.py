"""Beat maths for the click track: where each beat falls, in whole samples. Pure.

A tempo segment starts on a beat at an integer sample. Beat ``k`` of a constant tempo
falls ``floor(k * 60 * fs / bpm + 1/2)`` samples after the segment's start (round half
up), computed in integers from the exact tempo, so an hour of clicks lands exactly where
the first minute's arithmetic says, with no accumulated error.

A ramp over ``N`` beats from tempo ``a`` to ``b`` spaces its beats at the tempi
``a + (b - a) * i / N`` for ``i = 1..N``; beat ``j`` of the ramp falls at the rounded
exact sum of the first ``j`` periods. After the ramp the tempo holds at ``b``, counted
from the ramp's last beat, so again nothing accumulates.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class TempoChange:
    """A tempo to adopt at the next beat, with an optional linear ramp to reach it.

    Built on the control side (it allocates); the audio callback only reads its integer
    fields. ``serial`` tells the callback that a new change has been posted.
    """

    bpm: Fraction
    """The tempo held after the ramp."""
    ramp_offsets: tuple[int, ...]
    """Sample offset of each ramp beat from the segment's first beat; ``(0,)`` for none."""
    ramp_tempi: tuple[Fraction, ...]
    """Tempo of each ramp interval: ``ramp_tempi[i]`` spans ramp beats ``i`` to ``i + 1``."""
    num: int
    """Constant part: beat ``k`` after the ramp is at ``(k * num + half) // den``."""
    half: int
    den: int
    serial: int

    def offset(self, k: int) -> int:
        """Return the offset in samples of beat ``k`` from this segment's first beat."""
        last = len(self.ramp_offsets) - 1
        if k <= last:
            return self.ramp_offsets[k]
        return self.ramp_offsets[last] + ((k - last) * self.num + self.half) // self.den

    @property
    def ramp_beats(self) -> int:
        return len(self.ramp_offsets) - 1


def period_samples(bpm: Fraction, fs: int) -> Fraction:
    """Return the exact beat period in samples."""
    return Fraction(60 * fs) / bpm


def round_half_up(x: Fraction) -> int:
    """Round a non-negative exact fraction to the nearest integer, halves upwards."""
    return (2 * x.numerator + x.denominator) // (2 * x.denominator)


def make_change(
    bpm: Fraction, fs: int, *, ramp_beats: int = 0, from_bpm: Fraction | None = None, serial: int
) -> TempoChange:
    """Build the change to ``bpm``, ramped over ``ramp_beats`` beats from ``from_bpm``."""
    if ramp_beats < 0:
        raise ValueError("ramp_beats must be zero or more")
    if ramp_beats and from_bpm is None:
        raise ValueError("a ramp needs the tempo it starts from")
    offsets = [0]
    tempi: list[Fraction] = []
    if ramp_beats and from_bpm is not None:
        elapsed = Fraction(0)
        for i in range(1, ramp_beats + 1):
            tempo = from_bpm + (bpm - from_bpm) * Fraction(i, ramp_beats)
            tempi.append(tempo)
            elapsed += period_samples(tempo, fs)
            offsets.append(round_half_up(elapsed))
    # k * 60 * fs / (p / q) = k * 60 * fs * q / p; rounded half up as (2 * n + p) // (2 * p).
    p, q = bpm.numerator, bpm.denominator
    return TempoChange(
        bpm=bpm,
        ramp_offsets=tuple(offsets),
        ramp_tempi=tuple(tempi),
        num=120 * fs * q,
        half=p,
        den=2 * p,
        serial=serial,
    )


class BeatGrid:
    """Where the next beat falls, beat after beat, through every tempo change.

    The control side posts changes with :meth:`request` (it allocates); the callback side
    calls :meth:`advance` once per beat, which only reads the posted change and does
    integer arithmetic.
    """

    __slots__ = ("_active", "_k", "_origin", "_requested", "_serial", "beats", "fs",
                 "interval_bpm", "next_beat")  # fmt: skip

    def __init__(self, fs: int, bpm: Fraction, start: int = 0) -> None:
        self.fs = fs
        self._serial = 0
        self._requested = make_change(bpm, fs, serial=self._serial)
        self._active = self._requested
        self._origin = start
        self._k = 0
        self.next_beat = start
        """Sample index of the next beat."""
        self.beats = 0
        """Beats started so far."""
        self.interval_bpm = bpm
        """The tempo of the beat interval now sounding."""

    def request(self, bpm: Fraction, ramp_beats: int = 0) -> None:
        """Adopt ``bpm`` from the next beat, or ramp to it from the tempo now sounding."""
        self._serial += 1
        self._requested = make_change(
            bpm, self.fs, ramp_beats=ramp_beats, from_bpm=self.interval_bpm, serial=self._serial
        )

    @property
    def pending(self) -> bool:
        """Whether a change was requested that the grid has not yet adopted."""
        return self._requested is not self._active

    def advance(self) -> None:
        """Count the beat just started and compute where the next one falls."""
        beat = self.next_beat
        requested = self._requested
        if requested is not self._active:
            self._active = requested
            self._origin = beat
            self._k = 0
        active = self._active
        self.interval_bpm = (
            active.ramp_tempi[self._k] if self._k < active.ramp_beats else active.bpm
        )
        self._k += 1
        self.beats += 1
        self.next_beat = self._origin + active.offset(self._k)
