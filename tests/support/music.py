"""Real music for the tests (free tracks from Debian packages), cut into short excerpts, and
an independent check of where its beats fall: aubio's beat tracker, not librosa's."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from cadence_coach.audio.mixer import Mixer
from cadence_coach.session import loop
from cadence_coach.session.outputs import AudioFile
from cadence_coach.session.settings import RunSettings

ASC = Path("/usr/share/games/asc/music")
BLUPI = Path("/usr/share/planetblupi/music")
SOURCES = {
    # Electronic, about 160 bpm: fits 150-172 spm as it is.
    "frontiers.flac": (ASC / "frontiers.mp3", 150.0, 110.0),
    # About 140 bpm, 5 LU quieter than frontiers: fits 150 spm with it.
    "blupi007.flac": (BLUPI / "music007.ogg", 40.0, 60.0),
    # About 120 bpm: too slow for any running target (half 60, double 240), fine for walking.
    "machine_wars.m4a": (ASC / "machine_wars.mp3", 90.0, 40.0),
}


def need(path: Path) -> None:
    """Skip (or, in CI, fail) when the set-up's music packages are missing."""
    import os

    if not path.exists():
        message = f"{path} is missing: `make setup` installs asc-music and planetblupi-music-ogg"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def excerpt(source: Path, start_s: float, length_s: float, dest: Path) -> Path:
    """Cut a real track: FLAC or WAV through libsndfile, M4A (AAC) through FFmpeg."""
    import soundfile as sf

    need(source)
    with sf.SoundFile(str(source)) as f:
        fs = f.samplerate
        f.seek(round(start_s * fs))
        data = f.read(round(length_s * fs), dtype="float32", always_2d=True)
    if dest.suffix == ".m4a":
        _write_aac(dest, data, fs, title=dest.stem.replace("_", " ").title())
    else:
        sf.write(str(dest), data, fs)
    return dest


def _write_aac(dest: Path, data: npt.NDArray[np.float32], fs: int, title: str) -> None:
    import av

    with av.open(str(dest), "w", format="mp4") as out:
        out.metadata["title"] = title
        out.metadata["artist"] = "ASC"
        stream = out.add_stream("aac", rate=fs, layout="stereo")
        planar = np.ascontiguousarray(data.T)
        for lo in range(0, planar.shape[1], 1024):
            frame = av.AudioFrame.from_ndarray(
                planar[:, lo : lo + 1024], format="fltp", layout="stereo"
            )
            frame.sample_rate = fs
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def make_folder(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        source, start, length = SOURCES[name]
        excerpt(source, start, length, folder / name)
    return folder


def aubio_beats(x: npt.NDArray[np.float32], fs: int) -> npt.NDArray[np.float64]:
    """Beat positions (samples) by aubio's tracker (2048-sample window, 512 hop)."""
    import aubio

    hop = 512
    tracker = aubio.tempo("default", 2048, hop, fs)
    found = []
    x = np.ascontiguousarray(x, dtype=np.float32)
    for k in range(0, len(x) - hop, hop):
        if tracker(x[k : k + hop]):
            found.append(tracker.get_last())
    return np.asarray(found, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class OnGrid:
    """How a tracker's beats sit on the grid: share within 15 ms, and the tempo of a line
    fitted through them (beat number against sample)."""

    within_15ms: float
    tempo_bpm: float
    beats: int


def on_grid(tracked: npt.NDArray[np.float64], grid: list[int], fs: int) -> OnGrid:
    """Each tracked beat against its nearest grid beat."""
    g = np.asarray(grid, dtype=np.float64)
    nearest = np.clip(np.searchsorted(g, tracked), 1, len(g) - 1)
    left, right = g[nearest - 1], g[nearest]
    index = np.where(tracked - left < right - tracked, nearest - 1, nearest)
    error_ms = np.abs(tracked - g[index]) * 1000 / fs
    slope = np.polyfit(index.astype(np.float64), tracked, 1)[0]
    return OnGrid(float(np.mean(error_ms <= 15.0)), 60 * fs / slope, len(tracked))


@dataclass(slots=True)
class Render:
    pcm: npt.NDArray[np.float32]
    fs: int
    grid: list[int]
    """Every beat of the session's grid, as the mixer placed it."""
    said: list[str]

    def between(self, lo_s: float, hi_s: float) -> list[int]:
        return [b for b in self.grid if lo_s * self.fs <= b < hi_s * self.fs]


def render_session(settings: RunSettings, path: Path, monkeypatch: pytest.MonkeyPatch) -> Render:
    """Render ``settings`` to ``path`` and read back the audio, with the grid the mixer
    kept: its next beat is read after every block (a beat is longer than a block)."""
    import soundfile as sf

    mixers: list[Mixer] = []
    made = loop.session_mixer
    beats: set[int] = set()

    def recording(settings: RunSettings, lead_in_s: float) -> Mixer:
        mixers.append(made(settings, lead_in_s))
        beats.add(mixers[-1].next_beat)
        return mixers[-1]

    monkeypatch.setattr(loop, "session_mixer", recording)

    class Grid:
        def update(self, chain: object) -> None:
            beats.add(mixers[0].next_beat)

    said: list[str] = []
    loop.run_session(settings, AudioFile(path), observers=[Grid()], notify=said.append)
    pcm, fs = sf.read(str(path), dtype="float32", always_2d=True)
    return Render(pcm[:, 0], fs, sorted(beats), said)


def ideal_grid(bpm: Fraction, frames: int, fs: int) -> list[int]:
    period = Fraction(60 * fs) / bpm
    return [math.floor(k * period + Fraction(1, 2)) for k in range(int(frames / period) + 1)]


def pieces(
    x: npt.NDArray[np.float32], fs: int, window_s: float
) -> Iterator[npt.NDArray[np.float32]]:
    n = round(window_s * fs)
    for lo in range(0, len(x) - n + 1, n):
        yield x[lo : lo + n]
