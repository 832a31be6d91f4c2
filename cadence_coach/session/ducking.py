"""Other apps lowered while the coach speaks, never for a click: when to lower them and when
to put them back, from whether a phrase is sounding. The decision is pure; the sound server
(:mod:`cadence_coach.audio.server`) carries it out."""

from __future__ import annotations

from enum import Enum

from cadence_coach.audio.server import SoundServer

AFTER_S = 0.5
"""Put back this long after the last phrase ends, on top of the output's latency: the words'
tail is still in the buffers, and back-to-back cues do not pump the music."""


class Duck(Enum):
    LOWER = "lower"
    RESTORE = "restore"


class DuckTiming:
    """Call :meth:`update` on every tick with the mixer's time and whether a phrase is on."""

    def __init__(self, latency_s: float) -> None:
        self.release_after_s = latency_s + AFTER_S
        self.lowered = False
        self._quiet_since: float | None = None

    def update(self, now_s: float, speaking: bool) -> Duck | None:
        if speaking:
            self._quiet_since = None
            if not self.lowered:
                self.lowered = True
                return Duck.LOWER
            return None
        if not self.lowered:
            return None
        if self._quiet_since is None:
            self._quiet_since = now_s
        if now_s - self._quiet_since >= self.release_after_s:
            self.lowered = False
            self._quiet_since = None
            return Duck.RESTORE
        return None


class Ducker:
    """The timing, told to the server."""

    def __init__(self, server: SoundServer, latency_s: float) -> None:
        self.server = server
        self.timing = DuckTiming(latency_s)

    def update(self, now_s: float, speaking: bool) -> None:
        decision = self.timing.update(now_s, speaking)
        if decision is Duck.LOWER:
            self.server.duck()
        elif decision is Duck.RESTORE:
            self.server.restore()
