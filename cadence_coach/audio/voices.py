"""Click voices: synthesised by ``sounds/make_sounds.py``, stored as WAV, loaded once at start.

Each voice has a normal and an accented sound. Every sound starts on a non-zero sample (so
its onset is its first sample) and ends in silence well inside the shortest beat period
(200 ms at 300 bpm), so clicks never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.audio.pcm import FloatArray, read_wav_mono, resample
from cadence_coach.errors import BadValue

STORED_RATES = (48_000, 44_100)
"""Rates at which the voices are synthesised and stored, so the common stream rates need
no resampling (and no scipy import at start); other rates resample from the first."""
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


def synthesise(name: str, accent: bool, fs: int) -> FloatArray:
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


def wav_path(name: str, accent: bool, fs: int, folder: Path | None = None) -> Path:
    """Return where a sound is stored: ``sounds/click-accent-48000.wav``."""
    return (folder or sounds_dir()) / f"{name}{'-accent' if accent else ''}-{fs}.wav"


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
    stored = fs if fs in STORED_RATES else STORED_RATES[0]
    sounds = []
    for accent in (False, True):
        pcm, file_fs = read_wav_mono(wav_path(name, accent, stored, folder))
        sounds.append(np.ascontiguousarray(_trim_to_onset(resample(pcm, file_fs, fs))))
    return ClickVoice(name=name, fs=fs, normal=sounds[0], accent=sounds[1])
