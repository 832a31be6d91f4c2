"""The worker that prepares music ahead of time, off the audio thread: a piece of a track
read, resampled to the mixer's rate, stretched onto the beat map, brought to the common
loudness, faded, and cached on disk, so the mixer only ever copies it.

One thread (Rubber Band runs as its own process, so stretching leaves this process's
cores to the audio); pieces are cached by file, size, modification time, tempo, span and
rate in the user's cache directory, and the oldest are deleted past
:data:`CACHE_LIMIT_BYTES`.
"""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from cadence_coach.audio.pcm import FloatArray
from cadence_coach.errors import CoachError
from cadence_coach.music import MusicError, UnusableTrack
from cadence_coach.music.beatmap import TimeMap, grid_rate, time_map
from cadence_coach.music.playlist import Choice
from cadence_coach.music.stretch import exactly
from cadence_coach.output_files import replacing

log = logging.getLogger(__name__)

MUSIC_LUFS = -23.0
"""Every track is brought to this integrated loudness, EBU R128's programme level, so none
is louder than the one before; it leaves room for the clicks and the voice on top, and the
peaks of most music stay under :data:`KNEE`, so the limiter seldom changes the loudness."""
CEILING = 0.7
"""Peaks above :data:`KNEE` are bent softly towards this, never past it."""
KNEE = 0.5
SONG_FADE_S = 0.15
"""A new song fades in over this long, up to its first beat (equal power)."""
SEAM_FADE_S = 0.02
"""Two pieces of the same song meet at a beat with a linear crossfade this long."""
CACHE_VERSION = 1
CACHE_LIMIT_BYTES = 1 << 30


@dataclass(frozen=True, slots=True)
class Request:
    """A piece to prepare: grid-rate beats ``first .. first + count`` of a track at ``bpm``."""

    choice: Choice
    bpm: Fraction
    first: int
    count: int
    new_song: bool
    """Fade in as a new song (else it follows a piece of the same song)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Prepared PCM: its first beat ``lead`` frames in, its last at ``len(pcm)``."""

    request: Request
    pcm: FloatArray
    lead: int
    beats: int
    """Beat intervals from its first beat to its end."""


class Preparer:
    """Prepares pieces one at a time in a worker thread."""

    def __init__(self, fs: int, cache_dir: Path | None) -> None:
        self.fs = fs
        self.cache_dir = cache_dir
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="music")

    def submit(self, request: Request) -> Future[Piece]:
        return self._pool.submit(self.prepare, request)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def prepare(self, request: Request) -> Piece:
        """The piece for ``request`` (from the cache when there). Raises
        :class:`UnusableTrack` when the track cannot be read or stretched."""
        choice = request.choice
        beats = grid_rate(choice.analysis.beats_s, choice.fit.per_beat)
        tmap = time_map(beats, request.first, request.count, request.bpm, self.fs)
        cached = self._cache_path(request)
        pcm = _load(cached) if cached is not None else None
        if pcm is None or len(pcm) != tmap.length:
            excerpt = self._excerpt(request, tmap)
            stretched = self._stretched(request, excerpt, tmap)
            gain = gain_for(choice.analysis.loudness_lufs) * kept_loudness(excerpt, stretched)
            pcm = finish(stretched, tmap, gain, request.new_song, self.fs)
            if cached is not None:
                _store(cached, pcm, self.fs)
        return Piece(request, pcm, tmap.lead, request.count)

    def _excerpt(self, request: Request, tmap: TimeMap) -> FloatArray:
        """The source span of ``tmap``, at the mixer's rate."""
        from cadence_coach.music.decode import read_mono

        path = request.choice.track.path
        start_s, stop_s = tmap.src_start / self.fs, tmap.src_stop / self.fs
        try:
            raw, fs = read_mono(path, start_s, stop_s)
        except UnusableTrack:
            raise
        except Exception as err:  # a file gone or damaged since it was analysed
            raise UnusableTrack(str(path), f"cannot be read now ({err})") from None
        excerpt = _resample(raw, fs, self.fs)
        wanted = tmap.src_stop - tmap.src_start
        if len(excerpt) < wanted * 0.98:
            raise UnusableTrack(str(path), "ends before its beats do (damaged?)")
        return exactly(excerpt, wanted)

    def _stretched(self, request: Request, excerpt: FloatArray, tmap: TimeMap) -> FloatArray:
        from cadence_coach.music.stretch import stretch

        try:
            return stretch(excerpt, self.fs, tmap)
        except MusicError as err:
            raise UnusableTrack(str(request.choice.track.path), str(err)) from None

    def _cache_path(self, request: Request) -> Path | None:
        if self.cache_dir is None:
            return None
        track = request.choice.track.path
        try:
            st = track.stat()
        except OSError:
            return None
        key = "|".join(
            str(x)
            for x in (CACHE_VERSION, track, st.st_size, st.st_mtime_ns, request.bpm,
                      request.choice.fit.per_beat, request.first, request.count,
                      request.new_song, self.fs, MUSIC_LUFS)
        )  # fmt: skip
        return self.cache_dir / (hashlib.sha1(key.encode()).hexdigest() + ".flac")


def gain_for(loudness_lufs: float) -> float:
    """The gain that brings a track of ``loudness_lufs`` to :data:`MUSIC_LUFS` (at most
    +20 dB, so a near-silent track is not blown up)."""
    return float(10 ** (min(20.0, MUSIC_LUFS - loudness_lufs) / 20))


STRETCH_CORRECTION_DB = 3.0
"""The most the stretcher's loss of loudness is made up for."""


def kept_loudness(before: FloatArray, after: FloatArray) -> float:
    """The gain that gives the stretched span the power it had before stretching (a phase
    vocoder softens transients: 0.4 to 1.5 LU on the tests' tracks), so a track's own
    level, quiet intro and all, is what :func:`gain_for` evens out. Both hold the same
    music, so their powers compare as their loudness would (the K-weighting of EBU R128
    cancels), and numpy does it with no filter to import before the first piece."""
    a = float(np.mean(np.square(before, dtype=np.float64)))
    b = float(np.mean(np.square(after, dtype=np.float64)))
    if a <= 1e-12 or b <= 1e-12:
        return 1.0
    db = max(-STRETCH_CORRECTION_DB, min(STRETCH_CORRECTION_DB, 10 * np.log10(a / b)))
    return float(10 ** (db / 20))


def finish(pcm: FloatArray, tmap: TimeMap, gain: float, new_song: bool, fs: int) -> FloatArray:
    """Cut the stretched excerpt at the piece's last beat, set its level, bend its peaks
    under :data:`CEILING`, and fade it in before its first beat and out before its last."""
    out = np.array(pcm[: tmap.length], dtype=np.float32) * np.float32(gain)
    limit(out)
    fade_in = round((SONG_FADE_S if new_song else SEAM_FADE_S) * fs)
    fade_in = min(fade_in, tmap.lead)
    out[: tmap.lead - fade_in] = 0.0
    ramp = np.linspace(0.0, 1.0, fade_in, endpoint=False, dtype=np.float32)
    shape = np.sin(ramp * np.pi / 2) if new_song else ramp
    out[tmap.lead - fade_in : tmap.lead] *= shape
    fade_out = min(round(SEAM_FADE_S * fs), len(out))
    out[len(out) - fade_out :] *= np.linspace(1.0, 0.0, fade_out, dtype=np.float32)
    return out


def limit(pcm: FloatArray) -> None:
    """Bend samples beyond :data:`KNEE` smoothly towards :data:`CEILING` (in place)."""
    over = np.abs(pcm) > KNEE
    if not over.any():
        return
    room = CEILING - KNEE
    x = np.abs(pcm[over]) - KNEE
    pcm[over] = np.sign(pcm[over]) * (KNEE + room * np.tanh(x / room))


def _resample(pcm: FloatArray, from_fs: int, to_fs: int) -> FloatArray:
    """soxr's high-quality resampler: a 22.05 kHz track at 48 kHz with no filter to design
    first (the polyphase filter for 147:320 takes half a second to make)."""
    if from_fs == to_fs:
        return pcm
    import soxr

    return np.asarray(soxr.resample(pcm, from_fs, to_fs, quality="HQ"), dtype=np.float32)


def _load(path: Path) -> FloatArray | None:
    import soundfile as sf

    try:
        data, _ = sf.read(str(path), dtype="float32")
    except Exception:  # a missing or damaged cache file is made again
        return None
    return np.ascontiguousarray(data, dtype=np.float32)


def _store(path: Path, pcm: FloatArray, fs: int) -> None:
    import soundfile as sf

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as f:
            sf.write(f, np.clip(pcm, -1.0, 1.0), fs, format="FLAC", subtype="PCM_24")
        _trim(path.parent)
    except (OSError, CoachError) as err:  # the cache is a help, not a need
        log.debug("music cache not written: %s", err)


def _trim(folder: Path) -> None:
    files = sorted(folder.glob("*.flac"), key=lambda p: p.stat().st_mtime)
    total = sum(p.stat().st_size for p in files)
    for old in files:
        if total <= CACHE_LIMIT_BYTES:
            break
        total -= old.stat().st_size
        old.unlink(missing_ok=True)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cadence-coach")) / "music"
