"""PCM helpers shared by the click voices and speech: 16-bit WAV files and resampling."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from math import gcd
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cadence_coach.errors import SoundFileError

FloatArray = npt.NDArray[np.float32]
Pcm16 = npt.NDArray[np.int16]
"""16-bit PCM: how phrases are kept in memory (half the size of float32)."""


def to_float(pcm: Pcm16) -> FloatArray:
    """Convert 16-bit PCM to float32 in -1..1 (allocates: call it off the audio thread)."""
    return np.multiply(pcm, np.float32(1 / 32768), dtype=np.float32)


def read_wav_mono(path: Path) -> tuple[FloatArray, int]:
    """Read a 16-bit PCM WAV file as float32 mono (channels averaged) and its sample rate."""
    pcm, fs = read_wav16(path)
    return to_float(pcm), fs


def read_wav16(path: Path) -> tuple[Pcm16, int]:
    """Read a 16-bit PCM WAV file as int16 mono (channels averaged) and its sample rate."""
    try:
        with wave.open(str(path), "rb") as f:
            if f.getsampwidth() != 2:
                raise SoundFileError(f"{path}: only 16-bit PCM WAV is supported", str(path))
            channels, fs = f.getnchannels(), f.getframerate()
            raw = f.readframes(f.getnframes())
    except FileNotFoundError:
        raise SoundFileError(
            f"{path} is missing; run `python sounds/make_sounds.py` to create it", str(path)
        ) from None
    except (wave.Error, EOFError) as err:
        raise SoundFileError(f"{path}: not a usable WAV file ({err})", str(path)) from None
    pcm = np.frombuffer(raw, dtype="<i2")
    if channels > 1:
        pcm = np.round(pcm.reshape(-1, channels).mean(axis=1))
    return pcm.astype(np.int16), fs


@contextmanager
def wav_writer(path: Path, fs: int) -> Iterator[wave.Wave_write]:
    """Open a 16-bit mono WAV file for writing; an unwritable path is a one-line error."""
    try:
        file = path.open("wb")
    except OSError as err:
        raise SoundFileError(f"cannot write {path}: {err.strerror or err}", str(path)) from None
    with file, wave.open(file, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(fs)
        yield out


def write_wav_mono(path: Path, pcm: npt.NDArray[np.floating], fs: int) -> None:
    """Write float PCM in -1..1 as a 16-bit mono WAV file."""
    data = np.clip(np.round(np.asarray(pcm, dtype=np.float64) * 32767), -32768, 32767)
    with wav_writer(path, fs) as out:
        out.writeframes(data.astype("<i2").tobytes())


def resample(pcm: FloatArray, from_fs: int, to_fs: int) -> FloatArray:
    """Resample by a rational factor with a polyphase anti-aliasing filter.

    The low-pass sits at the lower of the two Nyquist frequencies: flat to 90 % of it and
    at least 80 dB down from 100 %, so nothing folds back as an alias (going down) and no
    image is left above the old band (going up). A no-op when the rates agree.
    """
    if from_fs == to_fs:
        return pcm
    from scipy.signal import resample_poly

    g = gcd(from_fs, to_fs)
    up, down = to_fs // g, from_fs // g
    return np.asarray(resample_poly(pcm, up, down, window=_lowpass(up, down)), dtype=np.float32)


@lru_cache(maxsize=8)
def _lowpass(up: int, down: int) -> npt.NDArray[np.float64]:
    from scipy.signal import firwin, kaiserord

    edge = 1 / max(up, down)  # the lower Nyquist, as a fraction of the upsampled one
    numtaps, beta = kaiserord(80, 0.1 * edge)
    taps = firwin(numtaps | 1, 0.95 * edge, window=("kaiser", beta))
    return np.asarray(taps)  # resample_poly scales by `up` itself
