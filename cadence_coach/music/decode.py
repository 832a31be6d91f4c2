"""Decoding a music file to mono float PCM: libsndfile (soundfile) for WAV, FLAC, OGG and
MP3; FFmpeg (PyAV) for AAC/M4A and whatever libsndfile refuses. Raises
:class:`~cadence_coach.music.UnusableTrack` with the reason, never a library's error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.pcm import FloatArray
from cadence_coach.music import UnusableTrack

BY_FFMPEG = frozenset((".mp3", ".m4a", ".aac", ".mp4"))
"""Read by FFmpeg first: AAC is not libsndfile's, and its MP3 decoder prints to the
terminal on a damaged frame."""


def read_mono(
    path: Path, start_s: float = 0.0, stop_s: float | None = None
) -> tuple[FloatArray, int]:
    """Read ``path`` from ``start_s`` to ``stop_s`` (the end when ``None``), mixed to mono,
    at the file's own rate. Raises :class:`UnusableTrack`."""
    if path.suffix.lower() not in BY_FFMPEG:
        try:
            return _with_soundfile(path, start_s, stop_s)
        except Exception:  # not for libsndfile: FFmpeg's turn
            pass
    return _with_av(path, start_s, stop_s)


def _with_soundfile(path: Path, start_s: float, stop_s: float | None) -> tuple[FloatArray, int]:
    import soundfile as sf

    with sf.SoundFile(str(path)) as f:
        fs = int(f.samplerate)
        start = round(start_s * fs)
        stop = -1 if stop_s is None else round(stop_s * fs)
        if start:
            f.seek(min(start, f.frames))
        frames = -1 if stop < 0 else max(0, stop - start)
        # A block at a time, mixed down as it comes: a long stereo track is never whole.
        blocks = f.blocks(blocksize=1 << 16, frames=frames, dtype="float32", always_2d=True)
        parts = [_mono(block) for block in blocks]
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)), fs


def _with_av(path: Path, start_s: float, stop_s: float | None) -> tuple[FloatArray, int]:
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise UnusableTrack(str(path), "no sound in it")
            stream = container.streams.audio[0]
            fs = int(stream.codec_context.sample_rate)
            mono = _decoded(container, stream, fs, start_s, stop_s)
    except UnusableTrack:
        raise
    except (av.error.FFmpegError, OSError, ValueError, IndexError):
        raise UnusableTrack(str(path), "not a sound file, or a damaged one") from None
    if not len(mono):
        raise UnusableTrack(str(path), "no sound in it")
    return mono, fs


def _decoded(
    container: Any, stream: Any, fs: int, start_s: float, stop_s: float | None
) -> FloatArray:
    """Decode (mixed to mono by FFmpeg's resampler) from the first frame up to ``stop_s``,
    and keep ``start_s..stop_s``: decoding from the start keeps every sample where a full
    decode puts it, which the beat map relies on."""
    import av

    to_mono = av.AudioResampler(format="fltp", layout="mono", rate=fs)
    stop = None if stop_s is None else round(stop_s * fs)
    chunks: list[FloatArray] = []
    have = 0
    for frame in container.decode(stream):
        for out in to_mono.resample(frame):
            chunk = out.to_ndarray()[0]
            chunks.append(chunk)
            have += len(chunk)
        if stop is not None and have >= stop:
            break
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    mono = np.concatenate(chunks).astype(np.float32)
    return np.ascontiguousarray(mono[round(start_s * fs) : stop])


def _mono(data: npt.NDArray[np.float32]) -> FloatArray:
    return np.ascontiguousarray(data.mean(axis=1), dtype=np.float32)
