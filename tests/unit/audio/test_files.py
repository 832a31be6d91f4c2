"""Files rendered offline: exact, complete, on the virtual clock; an unwritable path is one
line."""

from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio.files import render as render_wav
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.audio.voices import ClickVoice
from cadence_coach.errors import SoundFileError
from tests.support.beats import FS, ideal
from tests.support.signals import click_track


def test_render_wav_is_exact_and_complete(tmp_path: Path, click48: ClickVoice) -> None:
    bpm = Fraction("171.5")
    mixer = Mixer(FS, ClickParams(click48, volume=0.5), bpm)
    frames = 10 * FS + 123
    assert render_wav(mixer, tmp_path / "m.wav", frames, blocksize=1021) == frames
    with wave.open(str(tmp_path / "m.wav")) as f:
        assert (f.getnchannels(), f.getsampwidth(), f.getframerate()) == (1, 2, FS)
        assert f.getnframes() == frames
    got, _ = read_wav_mono(tmp_path / "m.wav")
    positions = [p for p in (ideal(k, bpm) for k in range(40)) if p < frames]
    expected = click_track(click48, positions, frames, volume=0.5)
    np.testing.assert_allclose(got, np.round(expected * 32767) / 32768, atol=1 / 32768)


def test_render_wav_runs_the_schedule_on_the_virtual_clock(
    tmp_path: Path, click48: ClickVoice
) -> None:
    mixer = Mixer(FS, ClickParams(click48), Fraction(120))
    seen: list[int] = []
    render_wav(
        mixer, tmp_path / "m.wav", 10_000, blocksize=4096, on_block=lambda m: seen.append(m.frames)
    )
    assert seen == [0, 4096, 8192]


def test_render_wav_unwritable_path(tmp_path: Path, click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48), Fraction(120))
    with pytest.raises(SoundFileError, match="cannot write"):
        render_wav(mixer, tmp_path / "no" / "such" / "dir.wav", 100)
