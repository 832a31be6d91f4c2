"""Sounds laid over the click track (speech, earcons): queued from the control side,
admitted, mixed and faded on the callback side. Part of the mixer's real-time contract
(:class:`~cadence_coach.audio.mixer.Mixer`): the callback side only slices, multiplies and
adds into preallocated buffers."""

from __future__ import annotations

from collections import deque

import numpy as np

from cadence_coach.audio.pcm import FloatArray

MAX_SOURCES = 8
"""PCM sources that can sound at once; more are dropped and counted."""
FADE_S = 0.005
"""A cancelled source fades out over this long instead of stopping dead (which clicks)."""


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


class Overlay:
    """Slots for the sounds playing now, and the inbox of those to come."""

    def __init__(self, fs: int, max_block: int) -> None:
        self.inbox: deque[PlayHandle] = deque()
        self.slots: list[PlayHandle | None] = [None] * MAX_SOURCES
        self._scratch = np.zeros(max_block, dtype=np.float32)
        fade = max(1, round(FADE_S * fs))
        self._fade = np.linspace(1.0, 0.0, fade, endpoint=False, dtype=np.float32)
        self.dropped = 0

    def duck(self, onset: int, volume: float) -> float:
        """The click gain at ``onset``: ``volume``, lowered by any source sounding then."""
        gain = volume
        for handle in self.slots:
            if (
                handle is not None
                and handle.at is not None
                and handle.duck < 1.0
                and handle.at <= onset < handle.at + len(handle.pcm)
            ):
                gain = min(gain, volume * handle.duck)
        return gain

    def admit(self, start: int) -> None:
        inbox = self.inbox
        while inbox:
            handle = inbox.popleft()
            if handle.at is None or handle.at < start:
                handle.at = start
            for i, slot in enumerate(self.slots):
                if slot is None:
                    self.slots[i] = handle
                    break
            else:
                handle.finished = True
                self.dropped += 1

    def add(self, mono: FloatArray, start: int, end: int) -> None:
        for i, handle in enumerate(self.slots):
            if handle is None:
                continue
            at = handle.at if handle.at is not None else start
            if handle.cancelled and handle.started_at is None:
                handle.finished = True  # cancelled before it was heard: nothing to fade
                self.slots[i] = None
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
                self.slots[i] = None
