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
LONG_FADE_S = 0.25
"""A cancelled bed (music) fades out over this long: a song stopped, not cut."""
DUCK_RAMP_S = 0.04
"""A bed goes down under a ducking source, and back up, over this long."""


class PlayHandle:
    """A PCM source queued on the mixer, and what became of it.

    The control side sets ``cancelled``; the callback sets ``started_at`` (the sample where
    it began) and ``finished``. Attribute writes are atomic, so no lock is needed.
    """

    __slots__ = ("at", "bed", "cancelled", "duck", "fade_left", "finished", "gain", "level",
                 "pcm", "started_at")  # fmt: skip

    def __init__(
        self, pcm: FloatArray, at: int | None, gain: float, duck: float, bed: bool = False
    ) -> None:
        self.pcm = pcm
        self.at = at
        self.gain = gain
        self.duck = duck
        self.bed = bed
        """A bed (music) is ducked, as the clicks are, by the sources that duck; it fades
        out over :data:`LONG_FADE_S` when cancelled."""
        self.level = 1.0
        """A bed's ducking level now (callback side)."""
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
        long = max(1, round(LONG_FADE_S * fs))
        self._long_fade = np.linspace(1.0, 0.0, long, endpoint=False, dtype=np.float32)
        self._ramp = np.arange(1, max_block + 1, dtype=np.float32)
        self._env = np.zeros(max_block, dtype=np.float32)
        self._duck_step = 1.0 / max(1.0, DUCK_RAMP_S * fs)
        self.dropped = 0
        self.beds_held = False
        """Set by the control side while the session is held: the beds go silent."""

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
                fade = self._long_fade if handle.bed else self._fade
                if handle.fade_left < 0:
                    handle.fade_left = len(fade)
                n = min(n, handle.fade_left)
                scratch = self._scratch[:n]
                f = len(fade) - handle.fade_left
                np.multiply(handle.pcm[src : src + n], fade[f : f + n], out=scratch)
                np.multiply(scratch, handle.gain, out=scratch)
                handle.fade_left -= n
            elif n > 0:
                if handle.started_at is None:
                    handle.started_at = start + lo
                np.multiply(handle.pcm[src : src + n], handle.gain, out=scratch)
            if n > 0:
                if handle.bed:
                    self._duck_bed(handle, scratch, start + lo, start + lo + n)
                np.add(mono[lo : lo + n], scratch, out=mono[lo : lo + n])
            if src + n >= len(handle.pcm) or handle.fade_left == 0:
                handle.finished = True
                self.slots[i] = None

    def _duck_bed(self, bed: PlayHandle, scratch: FloatArray, lo: int, hi: int) -> None:
        """Scale a bed by the lowest ``duck`` of the sources sounding at ``hi`` (or to
        silence while held), moving
        there in a :data:`DUCK_RAMP_S` ramp that starts where such a source starts (going
        down) or where the last one ended (going back up)."""
        goal, turn = (0.0 if self.beds_held else 1.0), lo
        for handle in self.slots:
            if handle is None or handle.bed or handle.at is None or handle.duck >= 1.0:
                continue
            start, end = handle.at, handle.at + len(handle.pcm)
            if start < hi and end >= hi:
                goal = min(goal, handle.duck)
                turn = max(turn, min(start, hi))
            elif lo < end < hi:
                turn = max(turn, end)
        level = bed.level
        n = hi - lo
        if level == goal:
            if level != 1.0:
                np.multiply(scratch, level, out=scratch)
            return
        k = min(turn - lo, n)
        env = self._env[:n]
        env[:k] = level
        step = self._duck_step if goal > level else -self._duck_step
        np.multiply(self._ramp[: n - k], step, out=env[k:])
        np.add(env[k:], level, out=env[k:])
        if goal > level:
            np.minimum(env, goal, out=env)
        else:
            np.maximum(env, goal, out=env)
        np.multiply(scratch, env, out=scratch)
        bed.level = float(env[n - 1])
