"""Click voices: made by our own synthesis, stored as WAV, loaded and resampled once."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.audio.voices import (
    SOURCE_RATE,
    load_voice,
    read_wav_mono,
    synthesise,
    wav_path,
    write_wav_mono,
)
from cadence_coach.errors import BadValue, SoundFileError

SHORTEST_PERIOD_S = 60 / 300  # the fastest tempo the metronome accepts


@pytest.mark.parametrize("name", VOICE_NAMES)
@pytest.mark.parametrize("accent", [False, True])
def test_committed_wav_is_what_the_script_makes(name: str, accent: bool) -> None:
    stored, fs = read_wav_mono(wav_path(name, accent))
    assert fs == SOURCE_RATE
    made = np.round(synthesise(name, accent) * 32767) / 32768
    assert len(stored) == len(made)
    np.testing.assert_allclose(stored, made, atol=1.5 / 32768)


@pytest.mark.parametrize("name", VOICE_NAMES)
@pytest.mark.parametrize("fs", [44_100, 48_000, 96_000, 22_050])
def test_voices_start_on_their_onset_and_end_before_the_next_beat(name: str, fs: int) -> None:
    voice = load_voice(name, fs)
    for sound in (voice.normal, voice.accent):
        assert sound.dtype == np.float32
        assert sound[0] != 0
        assert sound[-1] != 0
        assert len(sound) < SHORTEST_PERIOD_S * fs / 2
        assert 0.2 < np.max(np.abs(sound)) <= 1.0


def test_accent_differs_from_normal() -> None:
    for name in VOICE_NAMES:
        voice = load_voice(name, SOURCE_RATE)
        n = min(len(voice.normal), len(voice.accent))
        assert not np.allclose(voice.normal[:n], voice.accent[:n], atol=0.05)


def test_resampling_keeps_pitch_and_length() -> None:
    at48 = load_voice("beep", 48_000).normal
    at441 = load_voice("beep", 44_100).normal
    assert abs(len(at441) - len(at48) * 44_100 / 48_000) < 4
    for x, fs in ((at48, 48_000), (at441, 44_100)):
        spectrum = np.abs(np.fft.rfft(x, n=1 << 16))
        peak_hz = np.argmax(spectrum) * fs / (1 << 16)
        assert peak_hz == pytest.approx(1000, abs=5)


def test_unknown_voice() -> None:
    with pytest.raises(BadValue, match="click, wood, beep"):
        load_voice("bell", 48_000)
    with pytest.raises(BadValue):
        synthesise("bell", False)


def test_missing_and_broken_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SoundFileError, match=r"make_sounds\.py") as missing:
        load_voice("click", 48_000, folder=tmp_path)
    assert "\n" not in str(missing.value)
    (tmp_path / "click.wav").write_bytes(b"RIFF....WAVEjunk")
    with pytest.raises(SoundFileError, match="not a usable WAV"):
        load_voice("click", 48_000, folder=tmp_path)
    with wave.open(str(tmp_path / "click.wav"), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(1)
        f.setframerate(8000)
        f.writeframes(b"\x80" * 100)
    with pytest.raises(SoundFileError, match="16-bit"):
        load_voice("click", 48_000, folder=tmp_path)


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
