"""Decoding a music file to mono float PCM: libsndfile (soundfile) for WAV, FLAC, OGG and
MP3; FFmpeg (PyAV) for AAC/M4A and whatever libsndfile refuses. Raises
:class:`~cadence_coach.music.UnusableTrack` with the reason, never a library's error."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cadence_coach.audio.pcm import FloatArray
from cadence_coach.music import UnusableTrack


def read_mono(path: Path, start_s: float = 0.0, stop_s: float | None = None) -> tuple[FloatArray, int]:
    """Read ``path`` from ``start_s`` to ``stop_s`` (the end when ``None``), mixed to mono,
    at the file's own rate. Raises :class:`UnusableTrack`."""
    try:
        return _with_soundfile(path, start_s, stop_s)
    except UnusableTrack:
        raise
    except Exception:  # libsndfile knows no AAC: FFmpeg's turn  # noqa: BLE001
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
        data = f.read(frames, dtype="float32", always_2d=True)
    return _mono(data), fs


def _with_av(path: Path, start_s: float, stop_s: float | None) -> tuple[FloatArray, int]:
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise UnusableTrack(str(path), "no audio in it")
            stream = container.streams.audio[0]
            fs = int(stream.codec_context.sample_rate)
            # FFmpeg's own resampler mixes any layout down to planar float mono.
            to_mono = av.AudioResampler(format="fltp", layout="mono", rate=fs)
            chunks = [
                out.to_ndarray()[0]
                for frame in container.decode(stream)
                for out in to_mono.resample(frame)
            ]
    except UnusableTrack:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as err:
        raise UnusableTrack(str(path), f"not a sound file that can be read ({_said(err)})") from None
    if not chunks:
        raise UnusableTrack(str(path), "no audio in it")
    mono = np.concatenate(chunks).astype(np.float32)
    lo = round(start_s * fs)
    hi = len(mono) if stop_s is None else round(stop_s * fs)
    return np.ascontiguousarray(mono[lo:hi]), fs


def _mono(data: np.ndarray) -> FloatArray:  # type: ignore[type-arg]
    return np.ascontiguousarray(data.mean(axis=1), dtype=np.float32)


def _said(err: BaseException) -> str:
    return str(err).splitlines()[0][:80] if str(err) else type(err).__name__
