"""The music player: the control side that keeps prepared pieces queued on the mixer, each
starting on an exact beat of the grid, songs following songs at the target.

It runs on the session's tick, never in the audio callback: it asks the worker for the next
piece while the last one queued still plays, and queues it so that its first beat is the
grid's (the end of the piece before, or the first grid beat far enough ahead). A tempo
change fades the music out; once the grid holds the new tempo, the same song (stretched
anew, from where it was) or another that fits comes back in on a beat. A track that fails
is dropped and the next one plays. With no track fitting, it says so once per target and
leaves the beat to the clicks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from fractions import Fraction

from cadence_coach.audio.beats import period_samples, round_half_up
from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.overlay import PlayHandle
from cadence_coach.music import UnusableTrack
from cadence_coach.music.beatmap import grid_rate
from cadence_coach.music.playlist import Choice, Playlist
from cadence_coach.music.worker import Piece, Preparer, Request

FIRST_BEATS = 16
"""A song's first piece is short, so it is ready quickly (a session's first beat waits)."""
NEXT_BEATS = 64
"""Later pieces: about 22 s at 172 spm."""
MIN_BEATS = 4
"""A song's remainder shorter than this is skipped."""
MARGIN_S = 0.25
"""A piece is queued at least this far ahead of the mixer's clock (a block or two live)."""


@dataclass(slots=True)
class Queued:
    piece: Piece
    handle: PlayHandle
    at: int
    """Sample of the piece's first frame; its first beat is ``at + piece.lead``."""

    @property
    def end(self) -> int:
        """Sample of its last beat, where the next piece's first beat goes."""
        return self.at + len(self.piece.pcm)


class MusicPlayer:
    def __init__(
        self,
        playlist: Playlist,
        preparer: Preparer,
        *,
        wait: bool,
        notify: Callable[[str], None],
    ) -> None:
        self.playlist = playlist
        self.preparer = preparer
        self.wait = wait
        """Block on the worker (a file render) instead of playing on without it (live)."""
        self.notify = notify
        self.target: Fraction | None = None
        self.heard: list[str] = []
        """Titles of the songs started, in order (a song taken up again after a change of
        tempo is not started again)."""
        """Tracks dropped mid-session, with their reason."""
        self._queue: list[Queued] = []
        self._pending: tuple[Request, Future[Piece]] | None = None
        self._ready: Piece | None = None
        self._last: Request | None = None
        """The latest piece asked for (its song continues from its end)."""
        self._resume_s: float | None = None
        self._said: set[Fraction] = set()

    # -- what the session tells it --------------------------------------------------------

    def set_target(self, bpm: Fraction | None, mixer: Mixer) -> None:
        """Play at ``bpm`` from the next beat the grid holds it (``None``: no music)."""
        if bpm == self.target:
            return
        resume = self._where(mixer)
        for queued in self._queue:
            queued.handle.cancel()
        self._queue = []
        self._ready = None
        if self._pending is not None:
            self._pending[1].cancel()
            self._pending = None
        self.target = bpm
        self._resume_s = resume
        if bpm is not None:
            self._ask(self._first_request(bpm))

    def prime(self) -> None:
        """Wait for the first piece (before the session's first beat)."""
        if self._pending is not None:
            self._collect(block=True)

    def tick(self, mixer: Mixer) -> None:
        """Queue what is ready, ask for what comes next."""
        self._queue = [q for q in self._queue if not q.handle.finished]
        if self.target is None:
            return
        if self._pending is not None:
            self._collect(block=self.wait)
        if self._ready is not None and self._settled(mixer):
            self._schedule(self._ready, mixer)
            self._ready = None
        if self._pending is None and self._ready is None and len(self._queue) <= 1:
            upcoming = self._next_request(self.target)
            if upcoming is not None:
                self._ask(upcoming)

    def carrying(self, mixer: Mixer) -> bool:
        """Whether music on the grid at the target sounds now."""
        if self.target is None or not self._settled(mixer):
            return False
        now = mixer.frames
        return any(
            q.handle.started_at is not None and not q.handle.finished and q.at <= now < q.end
            for q in self._queue
        )

    def close(self) -> None:
        self.preparer.close()

    # -- inside ---------------------------------------------------------------------------

    def _settled(self, mixer: Mixer) -> bool:
        return self.target is not None and not mixer.tempo_pending and mixer.bpm == self.target

    def _ask(self, request: Request | None) -> None:
        if request is None:
            return
        self._last = request
        self._pending = (request, self.preparer.submit(request))

    def _collect(self, *, block: bool) -> None:
        assert self._pending is not None
        request, future = self._pending
        if not block and not future.done():
            return
        self._pending = None
        try:
            piece = future.result()
        except UnusableTrack as err:
            self._failed(request, err)
            return
        if request.bpm == self.target:
            self._ready = piece
            title = request.choice.track.title
            resumed = request.first != 1 and bool(self.heard) and self.heard[-1] == title
            if request.new_song and not resumed:
                self.heard.append(title)

    def _failed(self, request: Request, err: UnusableTrack) -> None:
        """Drop the track and go on with the next one."""
        track = request.choice.track
        self.playlist.drop(track.id)
        self.notify(f"music: skipping {track.title} ({err.reason})")
        self._last = None
        if self.target is not None:
            self._ask(self._song(self.target, None))

    def _first_request(self, bpm: Fraction) -> Request | None:
        """After a change: the song heard so far, from where it was, if it fits; else the
        next one."""
        last = self._last
        if last is not None and self._resume_s is not None:
            again = self.playlist.again(last.choice.track.id, float(bpm))
            if again is not None:
                beats = grid_rate(again.analysis.beats_s, again.fit.per_beat)
                first = next((i for i, t in enumerate(beats) if t >= self._resume_s), len(beats))
                request = _piece(again, bpm, max(1, first), FIRST_BEATS, new_song=True)
                if request is not None:
                    return request
        return self._song(bpm, None if last is None else last.choice.track.id)

    def _next_request(self, bpm: Fraction) -> Request | None:
        last = self._last
        if last is not None and last.bpm == bpm:
            follow = _piece(last.choice, bpm, last.first + last.count, NEXT_BEATS, new_song=False)
            if follow is not None:
                return follow
        return self._song(bpm, None if last is None else last.choice.track.id)

    def _song(self, bpm: Fraction, after: int | None) -> Request | None:
        """The start of the next song that fits ``bpm``; said once when none does."""
        while True:
            choice = self.playlist.next(float(bpm), after)
            if choice is None:
                if bpm not in self._said:
                    self._said.add(bpm)
                    self.notify(
                        f"music: no track fits {float(bpm):g} spm; the clicks keep the beat"
                    )
                self._last = None
                return None
            request = _piece(choice, bpm, 1, FIRST_BEATS, new_song=True)
            if request is not None:
                return request
            self.playlist.drop(choice.track.id)  # too few beats to play

    def _where(self, mixer: Mixer) -> float | None:
        """Seconds into the song now playing (from the beat map), if one is."""
        now = mixer.frames
        for queued in self._queue:
            if queued.at <= now < queued.end:
                request = queued.piece.request
                beats = grid_rate(request.choice.analysis.beats_s, request.choice.fit.per_beat)
                period = float(period_samples(request.bpm, mixer.fs))
                done = max(0, math.ceil((now - queued.at - queued.piece.lead) / period))
                return beats[min(len(beats) - 1, request.first + done)]
        return None

    def _schedule(self, piece: Piece, mixer: Mixer) -> None:
        earliest = mixer.frames + round(MARGIN_S * mixer.fs)
        last = self._queue[-1] if self._queue else None
        if last is not None and last.end - piece.lead >= earliest:
            first_beat = last.end
        else:
            first_beat = _beat_after(mixer, earliest + piece.lead)
        at = first_beat - piece.lead
        handle = mixer.play(piece.pcm, at=at, bed=True)
        self._queue.append(Queued(piece, handle, at))


def _piece(
    choice: Choice, bpm: Fraction, first: int, count: int, *, new_song: bool
) -> Request | None:
    """A request for up to ``count`` beats from ``first``, or ``None`` past the song's end."""
    beats = grid_rate(choice.analysis.beats_s, choice.fit.per_beat)
    left = len(beats) - 2 - first
    if first < 1 or left < MIN_BEATS:
        return None
    return Request(choice, bpm, first, min(count, left), new_song)


def _beat_after(mixer: Mixer, earliest: int) -> int:
    """The first grid beat at or after sample ``earliest``, the grid holding its tempo."""
    while True:
        beats, upcoming, bpm = mixer.beats, mixer.next_beat, mixer.bpm
        if beats == mixer.beats:  # read between two beats, not across one
            break
    period = period_samples(bpm, mixer.fs)
    k = max(0, math.ceil((earliest - upcoming) / period))
    while upcoming + round_half_up(k * period) < earliest:
        k += 1
    return upcoming + round_half_up(k * period)
