"""Music: the runner's own tracks as the metronome, beat-matched onto the session's beat grid.

The library (``library.py``) keeps each track's analysis (``analysis.py``); a session picks
the tracks that fit its target (``playlist.py``), a worker stretches them ahead of time
(``beatmap.py``, ``stretch.py``, ``worker.py``) and the player (``player.py``) queues the
prepared PCM on the mixer on exact grid beats, as speech is queued.

Only constants and errors live here, so the command line can name them without numpy.
"""

from __future__ import annotations

from cadence_coach.errors import CoachError

EXTENSIONS = (".mp3", ".ogg", ".oga", ".flac", ".m4a", ".aac", ".mp4", ".wav")
"""The files a music folder is scanned for."""
FIT_TOLERANCE = 0.08
"""A track fits a target when its tempo, or half or double it, is within 8 % of it."""
ALL = "all"
"""``--music all``: every track in the library."""


class MusicError(CoachError):
    """Raised when music cannot be used at all: no library, a folder that is not there,
    Rubber Band missing. The message says what to do."""


class UnusableTrack(CoachError):
    """Raised for one track that cannot be played on the beat (unreadable, not audio, no
    steady beat); carries the path and the reason, listed by ``music add``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
