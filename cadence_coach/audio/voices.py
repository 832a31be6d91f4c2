"""Click voices: synthesised by ``sounds/make_sounds.py``, stored as WAV, loaded once at start.

Each voice has a normal and an accented sound. Every sound starts on a non-zero sample (so
its onset is its first sample) and ends in silence well inside the shortest beat period
(200 ms at 300 bpm), so clicks never overlap.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.errors import BadValue, SoundFileError

FloatArray = npt.NDArray[np.float32]

SOURCE_RATE = 48_000
"""Sample rate at which the voices are synthesised and stored."""
PEAK = 0.9


@dataclass(frozen=True, slots=True, eq=False)
class ClickVoice:
    """A voice's normal and accented sound as float32 PCM at one sample rate."""

    name: str
    fs: int
    normal: FloatArray
    accent: FloatArray

    @property
    def longest(self) -> int:
        return max(len(self.normal), len(self.accent))


def _partials(
    fs: int,
    length_s: float,
    freqs_hz: tuple[float, ...],
    weights: tuple[float, ...],
    decay_s: float,
) -> npt.NDArray[np.float64]:
    """Decaying cosine partials: a struck, percussive sound."""
    t = np.arange(round(length_s * fs)) / fs
    tone = sum(w * np.cos(2 * np.pi * f * t) for f, w in zip(freqs_hz, weights, strict=True))
    return np.asarray(tone * np.exp(-t / decay_s), dtype=np.float64)


def _shape(x: npt.NDArray[np.float64], fs: int, attack_s: float, release_s: float) -> FloatArray:
    """Apply a linear attack that starts above zero and a raised-cosine release; normalise."""
    attack = max(1, round(attack_s * fs))
    release = max(1, round(release_s * fs))
    env = np.ones(len(x))
    env[:attack] = (np.arange(attack) + 1) / attack
    env[-release:] *= 0.5 * (1 + np.cos(np.pi * (np.arange(release) + 1) / release))
    y = x * env
    return np.asarray(PEAK * y / np.max(np.abs(y)), dtype=np.float32)


def synthesise(name: str, accent: bool, fs: int = SOURCE_RATE) -> FloatArray:
    """Synthesise one sound of a voice. Deterministic: the WAV files are its output."""
    if name == "click":
        # A bright tick, like a mechanical metronome; the accent sits a fifth higher.
        f = (3000.0, 5150.0) if not accent else (4500.0, 7700.0)
        return _shape(_partials(fs, 0.020, f, (1.0, 0.6), 0.0025), fs, 0.0003, 0.004)
    if name == "wood":
        # A wood block: two inharmonic modes with a quick decay.
        f = (880.0, 2420.0) if not accent else (1320.0, 3630.0)
        return _shape(_partials(fs, 0.045, f, (1.0, 0.45), 0.008), fs, 0.0005, 0.010)
    if name == "beep":
        # A plain sine beep, easy to hear through traffic noise.
        pitch = (1000.0,) if not accent else (1500.0,)
        return _shape(_partials(fs, 0.060, pitch, (1.0,), 10.0), fs, 0.002, 0.008)
    raise BadValue(f"unknown sound {name!r}; choose one of {', '.join(VOICE_NAMES)}")


def sounds_dir() -> Path:
    """Return the folder holding the voices' WAV files (repository or installed wheel)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "sounds", here.parent / "sounds"):
        if candidate.is_dir():
            return candidate
    return here.parent / "sounds"


def wav_path(name: str, accent: bool, folder: Path | None = None) -> Path:
    return (folder or sounds_dir()) / (f"{name}-accent.wav" if accent else f"{name}.wav")


def read_wav_mono(path: Path) -> tuple[FloatArray, int]:
    """Read a 16-bit PCM WAV file as float32 mono (channels averaged) and its sample rate."""
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
    pcm = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        pcm = pcm.reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return pcm, fs


def write_wav_mono(path: Path, pcm: npt.NDArray[np.floating], fs: int) -> None:
    """Write float PCM in -1..1 as a 16-bit mono WAV file."""
    data = np.clip(np.round(np.asarray(pcm, dtype=np.float64) * 32767), -32768, 32767)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(fs)
        f.writeframes(data.astype("<i2").tobytes())


def resample(pcm: FloatArray, from_fs: int, to_fs: int) -> FloatArray:
    """Resample with a polyphase anti-aliasing filter (no-op when the rates agree)."""
    if from_fs == to_fs:
        return pcm
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(from_fs, to_fs)
    return np.asarray(resample_poly(pcm, to_fs // g, from_fs // g), dtype=np.float32)


def _trim_to_onset(pcm: FloatArray) -> FloatArray:
    """Drop leading and trailing exact zeros, so the first sample is the onset."""
    nonzero = np.flatnonzero(pcm)
    if len(nonzero) == 0:
        return pcm[:1]
    return pcm[nonzero[0] : nonzero[-1] + 1]


def load_voice(name: str, fs: int, folder: Path | None = None) -> ClickVoice:
    """Load a voice's WAV files once, resampled to the stream's rate ``fs``."""
    if name not in VOICE_NAMES:
        raise BadValue(f"unknown sound {name!r}; choose one of {', '.join(VOICE_NAMES)}")
    sounds = []
    for accent in (False, True):
        pcm, file_fs = read_wav_mono(wav_path(name, accent, folder))
        sounds.append(np.ascontiguousarray(_trim_to_onset(resample(pcm, file_fs, fs))))
    return ClickVoice(name=name, fs=fs, normal=sounds[0], accent=sounds[1])
