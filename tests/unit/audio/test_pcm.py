"""PCM helpers: WAV files in and out, resampling."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio.pcm import read_wav_mono, resample, write_wav_mono


def test_stereo_files_are_mixed_to_mono(tmp_path: Path) -> None:
    frames = np.array([[1000, 3000], [-2000, 0]], dtype="<i2")
    with wave.open(str(tmp_path / "s.wav"), "wb") as f:
        f.setnchannels(2)
        f.setsampwidth(2)
        f.setframerate(48_000)
        f.writeframes(frames.tobytes())
    pcm, _ = read_wav_mono(tmp_path / "s.wav")
    np.testing.assert_allclose(pcm, [2000 / 32768, -1000 / 32768])


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    x = np.linspace(-1, 1, 1001)
    write_wav_mono(tmp_path / "r.wav", x, 16_000)
    y, fs = read_wav_mono(tmp_path / "r.wav")
    assert fs == 16_000
    np.testing.assert_allclose(y, x, atol=2 / 32768)


@pytest.mark.parametrize(("src", "dst"), [(22_050, 48_000), (48_000, 44_100), (44_100, 48_000)])
def test_resample_keeps_tones_and_removes_what_cannot_be_represented(src: int, dst: int) -> None:
    t = np.arange(src) / src
    low = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    out = resample(low, src, dst)
    assert abs(len(out) - dst) <= 1
    spectrum = np.abs(np.fft.rfft(out))
    assert np.argmax(spectrum) * dst / len(out) == pytest.approx(440, abs=2)
    if dst < src:
        # A tone above the new Nyquist frequency must not fold back as an alias.
        high = np.sin(2 * np.pi * (dst / 2 + 1500) * t).astype(np.float32)
        assert np.sqrt(np.mean(resample(high, src, dst)[1000:-1000] ** 2)) < 0.01


def test_resample_same_rate_is_identity() -> None:
    x = np.ones(10, dtype=np.float32)
    assert resample(x, 48_000, 48_000) is x
