"""The runner's music in a session: the player told the target and the segment, and the
clicks set by what the coach wants and whether the music carries the beat.

Music plays on the grid in every segment but a baseline (where no beat may lead the
runner). In a faded segment the clicks fade out once the music carries the beat and come
back, at once and in full, when the coach calls them for a drift or a lost sensor; in a
segment whose metronome is on they play on under the music, softer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

from cadence_coach.audio.mixer import Mixer
from cadence_coach.coaching.segments import MetronomeMode, Segment, SegmentKind
from cadence_coach.music.library import Track
from cadence_coach.music.player import MusicPlayer
from cadence_coach.music.playlist import Playlist
from cadence_coach.music.worker import Preparer

CLICKS_UNDER_MUSIC = 0.5
"""The clicks' level, as a share of the volume, while music carries the beat in a segment
whose metronome is on."""
CLICK_FADE_S = 2.0
"""Clicks withdraw over this long when the music takes the beat over."""
CORRECTIVE = frozenset({"drift", "sensor lost"})
"""Why the coach calls the beat back in a faded segment."""


def click_level(*, wanted: bool, corrective: bool, faded: bool, carrying: bool) -> float:
    """The clicks' level (share of the volume) for what the coach wants. Pure."""
    if not wanted:
        return 0.0
    if not carrying:
        return 1.0
    if faded:
        return 1.0 if corrective else 0.0
    return CLICKS_UNDER_MUSIC


class SessionMusic:
    """Between the conductor, the player and the mixer's clicks."""

    def __init__(self, player: MusicPlayer, volume: float) -> None:
        self.player = player
        self.volume = volume
        self._bpm: Fraction | None = None
        self._wanted = False
        self._corrective = False
        self._level = 0.0
        self._applied: float | None = None
        self._last_now: float | None = None

    def start(self, segment: Segment, bpm: Fraction, mixer: Mixer) -> None:
        """The first target, its first piece prepared before the first beat."""
        self._bpm = bpm
        self.player.set_target(self._target(segment), mixer)
        self.player.prime()

    def tempo(self, bpm: Fraction) -> None:
        self._bpm = bpm

    def metronome(self, on: bool, reason: str) -> None:
        if on and reason != "moving again":
            self._corrective = reason in CORRECTIVE
        elif not on and reason != "standing still":
            self._corrective = False
        self._wanted = on

    def tick(self, now: float, segment: Segment, mixer: Mixer, *, clicks: bool = True) -> None:
        """Keep the music going; set the clicks unless the session is held (``clicks``
        false: the steering has them, and they are set again once it lets go)."""
        self.player.set_target(self._target(segment), mixer)
        self.player.tick(mixer)
        if not clicks:
            self._applied = None
            return
        goal = click_level(
            wanted=self._wanted,
            corrective=self._corrective,
            faded=segment.metronome is MetronomeMode.FADED,
            carrying=self.player.carrying(mixer),
        )
        elapsed = 0.0 if self._last_now is None else max(0.0, now - self._last_now)
        self._last_now = now
        if goal >= self._level:
            self._level = goal  # back at once: a drift cue is heard now
        else:
            self._level = max(goal, self._level - elapsed / CLICK_FADE_S)
        if self._level != self._applied:
            self._applied = self._level
            # the level ramps here, so the mixer's own fade over beats is not wanted
            mixer.set_click(
                enabled=self._level > 0.0, volume=self.volume * self._level, at_once=True
            )

    def close(self) -> None:
        self.player.close()

    def _target(self, segment: Segment) -> Fraction | None:
        return None if segment.kind is SegmentKind.BASELINE else self._bpm


def session_music(
    tracks: Sequence[Track],
    fs: int,
    volume: float,
    *,
    seed: int,
    live: bool,
    cache_dir: Path | None,
    notify: Callable[[str], None],
) -> SessionMusic:
    """The music of a session from the runner's tracks."""
    player = MusicPlayer(
        Playlist(tracks, seed), Preparer(fs, cache_dir), wait=not live, notify=notify
    )
    return SessionMusic(player, volume)
