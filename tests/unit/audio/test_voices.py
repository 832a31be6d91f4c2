"""Click voices: made by our own synthesis, stored as WAV, loaded and resampled once."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.audio.voices import STORED_RATES, load_voice, synthesise, wav_path
from cadence_coach.errors import BadValue, SoundFileError

SHORTEST_PERIOD_S = 60 / 300  # the fastest tempo the metronome accepts


@pytest.mark.parametrize("name", VOICE_NAMES)
@pytest.mark.parametrize("accent", [False, True])
@pytest.mark.parametrize("rate", STORED_RATES)
def test_committed_wav_is_what_the_script_makes(name: str, accent: bool, rate: int) -> None:
    stored, fs = read_wav_mono(wav_path(name, accent, rate))
    assert fs == rate
    made = np.round(synthesise(name, accent, rate) * 32767) / 32768
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
        voice = load_voice(name, 48_000)
        n = min(len(voice.normal), len(voice.accent))
        assert not np.allclose(voice.normal[:n], voice.accent[:n], atol=0.05)


@pytest.mark.parametrize("fs", [44_100, 96_000, 22_050])
def test_every_rate_keeps_pitch_and_length(fs: int) -> None:
    """44.1 kHz is synthesised and stored; other rates are resampled from 48 kHz."""
    at48 = load_voice("beep", 48_000).normal
    other = load_voice("beep", fs).normal
    assert abs(len(other) * 48_000 / fs - len(at48)) < 4
    for x, rate in ((at48, 48_000), (other, fs)):
        spectrum = np.abs(np.fft.rfft(x, n=1 << 16))
        peak_hz = np.argmax(spectrum) * rate / (1 << 16)
        assert peak_hz == pytest.approx(1000, abs=5)


def test_unknown_voice() -> None:
    with pytest.raises(BadValue, match="click, wood, beep"):
        load_voice("bell", 48_000)
    with pytest.raises(BadValue):
        synthesise("bell", False, 48_000)


def test_missing_and_broken_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SoundFileError, match=r"make_sounds\.py") as missing:
        load_voice("click", 48_000, folder=tmp_path)
    assert "\n" not in str(missing.value)
    (tmp_path / "click-48000.wav").write_bytes(b"RIFF....WAVEjunk")
    with pytest.raises(SoundFileError, match="not a usable WAV"):
        load_voice("click", 48_000, folder=tmp_path)
    with wave.open(str(tmp_path / "click-48000.wav"), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(1)
        f.setframerate(8000)
        f.writeframes(b"\x80" * 100)
    with pytest.raises(SoundFileError, match="16-bit"):
        load_voice("click", 48_000, folder=tmp_path)


def test_stored_rates_load_without_scipy() -> None:
    """scipy.signal takes about a second to import: the common rates must not need it."""
    probe = (
        "import sys\n"
        "from cadence_coach.audio.voices import load_voice\n"
        "for fs in (44100, 48000):\n"
        "    load_voice('wood', fs)\n"
        "print('scipy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
