"""The mixer: the single place where audio is summed (clicks and any PCM source, e.g. speech).

It sits at the end of the data flow, inside the PortAudio callback, and is also driven
block by block to render WAV files offline. Time inside it is its sample counter.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cadence_coach.audio.beats import make_change
from cadence_coach.audio.pcm import FloatArray
from cadence_coach.audio.voices import ClickVoice

MAX_BLOCK = 8192
"""Scratch capacity; longer blocks are rendered in chunks of this size."""
MAX_SOURCES = 8
"""PCM sources that can sound at once; more are dropped and counted."""
FADE_S = 0.005
"""A cancelled source fades out over this long instead of stopping dead (which clicks)."""


@dataclass(frozen=True, slots=True)
class ClickParams:
    """How the click track sounds. Swapped whole; read once per click onset."""

    voice: ClickVoice
    volume: float = 1.0
    accent_every: int = 0
    """Accent beats 0, N, 2N... of the session; 0 for no accent."""
    enabled: bool = True
    """When off, beats keep their grid but make no sound (the coach's faded metronome)."""


class PlayHandle:
    """A PCM source queued on the mixer, and what became of it.

    The control side sets ``cancelled``; the callback sets ``started_at`` (the sample where
    it began) and ``finished``. Attribute writes are atomic, so no lock is needed.
    """

    __slots__ = ("at", "cancelled", "duck", "fade_left", "finished", "gain", "pcm", "started_at")

    def __init__(self, pcm: FloatArray, at: int | None, gain: float, duck: float) -> None:
        self.pcm = pcm
        self.at = at
        self.gain = gain
        self.duck = duck
        self.cancelled = False
        self.started_at: int | None = None
        self.finished = False
        self.fade_left = -1
        """Samples of fade-out still to play once cancelled (callback side)."""

    def cancel(self) -> None:
        """Stop the source: it fades out over :data:`FADE_S` from the next block."""
        self.cancelled = True


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
        self._serial = 0
        self._requested = make_change(bpm, fs, serial=self._serial)
        self._inbox: deque[PlayHandle] = deque()

        # Callback-side state: read and written by render() only.
        self._pos = 0
        self._active = self._requested
        self._origin = start
        self._k = 0
        self._next_beat = start
        self._beats = 0
        self._interval_bpm = bpm
        self._click: FloatArray | None = None
        self._click_pos = 0
        self._click_gain = 0.0
        self._slots: list[PlayHandle | None] = [None] * MAX_SOURCES
        self._mono = np.zeros(max_block, dtype=np.float32)
        self._scratch = np.zeros(max_block, dtype=np.float32)
        fade = max(1, round(FADE_S * fs))
        self._fade = np.linspace(1.0, 0.0, fade, endpoint=False, dtype=np.float32)
        self._max_block = max_block
        self.dropped_sources = 0

    # -- control side ---------------------------------------------------------------------

    @property
    def frames(self) -> int:
        """Frames rendered so far: the session's master clock while audio plays."""
        return self._pos

    @property
    def bpm(self) -> Fraction:
        """The tempo of the beat interval now sounding (mid-ramp, the ramp's current step)."""
        return self._interval_bpm

    @property
    def beats(self) -> int:
        """Beats started so far."""
        return self._beats

    @property
    def next_beat(self) -> int:
        """Sample index of the next beat."""
        return self._next_beat

    def set_tempo(self, bpm: Fraction, ramp_beats: int = 0) -> None:
        """Adopt ``bpm`` from the next beat, or ramp to it linearly over ``ramp_beats`` beats.

        A ramp starts from the tempo now sounding, so a ramp that interrupts a ramp is smooth.
        """
        self._serial += 1
        self._requested = make_change(
            bpm, self.fs, ramp_beats=ramp_beats, from_bpm=self._interval_bpm, serial=self._serial
        )

    def set_click(self, **changes: object) -> None:
        """Change how clicks sound (``volume``, ``accent_every``, ``voice``, ``enabled``)."""
        params = dataclasses.replace(self._params, **changes)  # type: ignore[arg-type]
        if params.voice.fs != self.fs:
            raise ValueError(f"voice is at {params.voice.fs} Hz, the mixer at {self.fs} Hz")
        self._params = params

    def play(
        self, pcm: FloatArray, *, at: int | None = None, gain: float = 1.0, duck: float = 1.0
    ) -> PlayHandle:
        """Queue mono float32 PCM at the mixer's rate to start at sample ``at``.

        ``at=None`` (or a sample already past) starts it at the next block. ``duck`` scales
        the clicks whose onsets fall while it plays (1.0: no ducking).
        """
        handle = PlayHandle(np.ascontiguousarray(pcm, dtype=np.float32), at, gain, duck)
        self._inbox.append(handle)
        return handle

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
        self._admit_sources(start)
        mono = self._mono[:frames]
        mono.fill(0.0)

        # Clicks: finish the click in progress, then each beat whose onset is in this chunk.
        offset = 0
        while self._next_beat < end:
            onset = self._next_beat - start
            self._write_click(mono, offset, onset)
            self._start_click(self._next_beat)
            self._advance_beat()
            offset = onset
        self._write_click(mono, offset, frames)

        self._add_sources(mono, start, end)
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
        if not params.enabled:
            self._click = None
            return
        accent = params.accent_every > 0 and self._beats % params.accent_every == 0
        self._click = params.voice.accent if accent else params.voice.normal
        self._click_pos = 0
        gain = params.volume
        for handle in self._slots:
            if (
                handle is not None
                and handle.at is not None
                and handle.duck < 1.0
                and handle.at <= onset < handle.at + len(handle.pcm)
            ):
                gain = min(gain, params.volume * handle.duck)
        self._click_gain = gain

    def _advance_beat(self) -> None:
        """Count the beat just started and compute where the next one falls."""
        beat = self._next_beat
        requested = self._requested
        if requested is not self._active:
            self._active = requested
            self._origin = beat
            self._k = 0
        active = self._active
        self._interval_bpm = (
            active.ramp_tempi[self._k] if self._k < active.ramp_beats else active.bpm
        )
        self._k += 1
        self._beats += 1
        self._next_beat = self._origin + active.offset(self._k)

    def _admit_sources(self, start: int) -> None:
        inbox = self._inbox
        while inbox:
            handle = inbox.popleft()
            if handle.at is None or handle.at < start:
                handle.at = start
            for i, slot in enumerate(self._slots):
                if slot is None:
                    self._slots[i] = handle
                    break
            else:
                handle.finished = True
                self.dropped_sources += 1

    def _add_sources(self, mono: FloatArray, start: int, end: int) -> None:
        for i, handle in enumerate(self._slots):
            if handle is None:
                continue
            at = handle.at if handle.at is not None else start
            if handle.cancelled and handle.started_at is None:
                handle.finished = True  # cancelled before it was heard: nothing to fade
                self._slots[i] = None
                continue
            if at >= end:
                continue
            lo = max(at - start, 0)
            src = start + lo - at
            n = min(end - start - lo, len(handle.pcm) - src)
            scratch = self._scratch[: max(n, 0)]
            if handle.cancelled:
                if handle.fade_left < 0:
                    handle.fade_left = len(self._fade)
                n = min(n, handle.fade_left)
                scratch = self._scratch[:n]
                f = len(self._fade) - handle.fade_left
                np.multiply(handle.pcm[src : src + n], self._fade[f : f + n], out=scratch)
                np.multiply(scratch, handle.gain, out=scratch)
                handle.fade_left -= n
            elif n > 0:
                if handle.started_at is None:
                    handle.started_at = start + lo
                np.multiply(handle.pcm[src : src + n], handle.gain, out=scratch)
            if n > 0:
                np.add(mono[lo : lo + n], scratch, out=mono[lo : lo + n])
            if src + n >= len(handle.pcm) or handle.fade_left == 0:
                handle.finished = True
                self._slots[i] = None
