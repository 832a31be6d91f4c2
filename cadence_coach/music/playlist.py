"""Which track plays next at a target: one that fits, in the session's shuffled order, none
repeated until every fitting track has played; a track that fails mid-session is dropped.
Pure."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from cadence_coach.music.analysis import Analysis
from cadence_coach.music.beatmap import Fit, fit
from cadence_coach.music.library import Track


@dataclass(frozen=True, slots=True)
class Choice:
    """A track to play at a target, and how it fits."""

    track: Track
    analysis: Analysis
    fit: Fit


class Playlist:
    def __init__(self, tracks: Sequence[Track], seed: int = 0) -> None:
        playable = [t for t in tracks if t.analysis is not None]
        random.Random(seed).shuffle(playable)
        self._order = playable
        self._played: set[int] = set()
        self._dropped: set[int] = set()

    def __len__(self) -> int:
        return len(self._order)

    def fitting(self, target_bpm: float) -> list[Choice]:
        """The tracks that fit ``target_bpm``, in the session's order."""
        out = []
        for track in self._order:
            if track.id in self._dropped or track.analysis is None:
                continue
            found = fit(track.analysis.tempo_bpm, target_bpm)
            if found is not None:
                out.append(Choice(track, track.analysis, found))
        return out

    def next(self, target_bpm: float, after: int | None = None) -> Choice | None:
        """The next track at ``target_bpm``: the first fitting one not yet played (once
        all have, they may play again, but not ``after``, the one just heard, while
        another fits). ``None`` when none fits."""
        fitting = self.fitting(target_bpm)
        if not fitting:
            return None
        fresh = [c for c in fitting if c.track.id not in self._played]
        if not fresh:
            self._played -= {c.track.id for c in fitting}
            fresh = [c for c in fitting if c.track.id != after] or fitting
        chosen = fresh[0]
        self._played.add(chosen.track.id)
        return chosen

    def again(self, track_id: int, target_bpm: float) -> Choice | None:
        """The same track at another target, if it fits it."""
        for choice in self.fitting(target_bpm):
            if choice.track.id == track_id:
                return choice
        return None

    def drop(self, track_id: int) -> None:
        """Play ``track_id`` no more this session (it failed)."""
        self._dropped.add(track_id)
