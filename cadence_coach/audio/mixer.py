"""The mixer: the single place where audio is summed (clicks and any PCM source, e.g. speech).

It sits at the end of the data flow, inside the PortAudio callback, and is also driven
block by block to render files offline. Time inside it is its sample counter.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cadence_coach.audio.beats import BeatGrid
from cadence_coach.audio.overlay import Overlay, PlayHandle
from cadence_coach.audio.pcm import FloatArray
from cadence_coach.audio.voices import ClickVoice

MAX_BLOCK = 8192
"""Scratch capacity; longer blocks are rendered in chunks of this size."""


@dataclass(frozen=True, slots=True)
class ClickParams:
    """How the click track sounds. Swapped whole; read once per click onset."""

    voice: ClickVoice
    volume: float = 1.0
    accent_every: int = 0
    """Accent beats 0, N, 2N... of the session; 0 for no accent."""
    enabled: bool = True
    """When off, beats keep their grid but make no sound (the coach's faded metronome)."""
    fade_beats: int = 8
    """Turning the clicks off or on ramps their volume over this many beats..."""
    at_once: bool = False
    """...unless this change is to take effect at once (a session's first beat)."""


class Mixer:
    """Clicks on an exact beat grid plus PCM sources, summed into the output buffer.

    Real-time contract of :meth:`render` (it runs inside the PortAudio callback): it only
    slices, copies and adds precomputed arrays into the buffer it is given and its own
    scratch buffers, with ``out=``; it fills every frame; it never allocates a buffer, takes
    a lock, logs, prints, touches a file or waits. Everything it reads from other threads
    arrives by swapping one immutable object (:class:`ClickParams`, :class:`TempoChange`)
    or through a ``collections.deque`` (new sources), which are safe without locks.

    Beats fall on exact sample indices (see :mod:`cadence_coach.audio.beats`); a tempo
    change takes effect at the next beat, so no click is lost, doubled or cut. A source may
    ask to duck the clicks: a click whose onset falls while that source plays is scaled
    by the source's ``duck`` factor, whole, so ducking never cuts a click in two.
    """

    def __init__(
        self,
        fs: int,
        params: ClickParams,
        bpm: Fraction,
        *,
        start: int = 0,
        max_block: int = MAX_BLOCK,
    ) -> None:
        if params.voice.fs != fs:
            raise ValueError(f"voice is at {params.voice.fs} Hz, the mixer at {fs} Hz")
        self.fs = fs
        self._params = params
        self._grid = BeatGrid(fs, bpm, start)

        # Callback-side state: read and written by render() only.
        self._pos = 0
        self._click: FloatArray | None = None
        self._click_pos = 0
        self._click_gain = 0.0
        self._fade = 1.0 if params.enabled else 0.0
        """How far the clicks are faded in: 0 silent, 1 full."""
        self._sources = Overlay(fs, max_block)
        self._mono = np.zeros(max_block, dtype=np.float32)
        self._max_block = max_block

    # -- control side ---------------------------------------------------------------------

    @property
    def frames(self) -> int:
        """Frames rendered so far: the session's master clock while audio plays."""
        return self._pos

    @property
    def bpm(self) -> Fraction:
        """The tempo of the beat interval now sounding (mid-ramp, the ramp's current step)."""
        return self._grid.interval_bpm

    @property
    def beats(self) -> int:
        """Beats started so far."""
        return self._grid.beats

    @property
    def next_beat(self) -> int:
        """Sample index of the next beat."""
        return self._grid.next_beat

    @property
    def tempo_pending(self) -> bool:
        """Whether a tempo change was asked for and its first beat has not yet come."""
        return self._grid.pending

    def set_tempo(self, bpm: Fraction, ramp_beats: int = 0) -> None:
        """Adopt ``bpm`` from the next beat, or ramp to it linearly over ``ramp_beats`` beats.

        A ramp starts from the tempo now sounding, so a ramp that interrupts a ramp is smooth.
        """
        self._grid.request(bpm, ramp_beats)

    def set_click(self, *, at_once: bool = False, **changes: object) -> None:
        """Change how clicks sound (``volume``, ``accent_every``, ``voice``, ``enabled``,
        ``fade_beats``); turning them on or off fades over ``fade_beats`` unless
        ``at_once``."""
        changes["at_once"] = at_once
        params = dataclasses.replace(self._params, **changes)  # type: ignore[arg-type]
        if params.voice.fs != self.fs:
            raise ValueError(f"voice is at {params.voice.fs} Hz, the mixer at {self.fs} Hz")
        self._params = params

    def play(
        self,
        pcm: FloatArray,
        *,
        at: int | None = None,
        gain: float = 1.0,
        duck: float = 1.0,
        bed: bool = False,
    ) -> PlayHandle:
        """Queue mono float32 PCM at the mixer's rate to start at sample ``at``.

        ``at=None`` (or a sample already past) starts it at the next block. ``duck`` scales
        the clicks whose onsets fall while it plays (1.0: no ducking). A ``bed`` (music) is
        itself ducked by such sources, as the clicks are, and fades out slowly when
        cancelled.
        """
        handle = PlayHandle(np.ascontiguousarray(pcm, dtype=np.float32), at, gain, duck, bed)
        self._sources.inbox.append(handle)
        return handle

    def hold_beds(self, held: bool) -> None:
        """Silence the beds (music) while ``held``, in the ducking ramp, and bring them back
        after; they go on along the grid meanwhile, so they come back on the beat."""
        self._sources.beds_held = held

    @property
    def dropped_sources(self) -> int:
        """Sources that found no free slot."""
        return self._sources.dropped

    # -- callback side --------------------------------------------------------------------

    def render(self, outdata: FloatArray) -> None:
        """Fill ``outdata`` (frames x channels, float32) with the next frames of the mix."""
        frames = len(outdata)
        done = 0
        while done < frames:
            n = min(frames - done, self._max_block)
            self._render_chunk(outdata[done : done + n], n)
            done += n

    def _render_chunk(self, out: FloatArray, frames: int) -> None:
        start = self._pos
        end = start + frames
        self._sources.admit(start)
        mono = self._mono[:frames]
        mono.fill(0.0)

        # Clicks: finish the click in progress, then each beat whose onset is in this chunk.
        offset = 0
        grid = self._grid
        while grid.next_beat < end:
            onset = grid.next_beat - start
            self._write_click(mono, offset, onset)
            self._start_click(grid.next_beat)
            grid.advance()
            offset = onset
        self._write_click(mono, offset, frames)

        self._sources.add(mono, start, end)
        np.clip(mono, -1.0, 1.0, out=mono)
        for ch in range(out.shape[1]):
            out[:, ch] = mono
        self._pos = end

    def _write_click(self, mono: FloatArray, lo: int, hi: int) -> None:
        """Write the click in progress into ``mono[lo:hi]``; it is cut at ``hi``."""
        click = self._click
        if click is None or lo >= hi:
            return
        n = min(hi - lo, len(click) - self._click_pos)
        np.multiply(
            click[self._click_pos : self._click_pos + n], self._click_gain, out=mono[lo : lo + n]
        )
        self._click_pos += n
        if self._click_pos >= len(click):
            self._click = None

    def _start_click(self, onset: int) -> None:
        params = self._params
        beats = 0 if params.at_once else params.fade_beats
        self._fade = _toward(self._fade, 1.0 if params.enabled else 0.0, beats)
        if self._fade <= 0.0:
            self._click = None
            return
        accent = params.accent_every > 0 and self._grid.beats % params.accent_every == 0
        self._click = params.voice.accent if accent else params.voice.normal
        self._click_pos = 0
        self._click_gain = self._sources.duck(onset, params.volume) * self._fade


def _toward(fade: float, goal: float, beats: int) -> float:
    """One beat's step of a fade toward ``goal`` over ``beats`` beats."""
    if beats <= 0:
        return goal
    step = 1.0 / beats
    return min(goal, fade + step) if goal > fade else max(goal, fade - step)
