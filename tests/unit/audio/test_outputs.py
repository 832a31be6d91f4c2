"""Outputs: device matching (pure) and offline WAV rendering."""

from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio.devices import OutputDevice, match_device
from cadence_coach.audio.files import render as render_wav
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.audio.voices import ClickVoice
from cadence_coach.errors import AudioDeviceError, AudioUnavailable, SoundFileError
from tests.support.beats import FS, ideal
from tests.support.signals import click_track

DEVICES = [
    OutputDevice(0, "HDA Intel PCH: ALC3246 Analog (hw:0,0)", "ALSA", 2, 48_000, False),
    OutputDevice(3, "HDA Intel PCH: HDMI 0 (hw:0,3)", "ALSA", 8, 48_000, False),
    OutputDevice(7, "pulse", "ALSA", 32, 44_100, False),
    OutputDevice(8, "default", "ALSA", 32, 44_100, True),
]


@pytest.mark.parametrize(
    ("spec", "index"),
    [(None, 8), ("7", 7), (3, 3), ("pulse", 7), ("PULSE", 7), ("analog", 0), ("HDMI", 3)],
)
def test_match_device(spec: str | int | None, index: int) -> None:
    assert match_device(DEVICES, spec).index == index


@pytest.mark.parametrize(
    ("spec", "message"),
    [("9", "no output device has index 9"), ("usb", "available: 0: HDA"), ("hw:0", "ambiguous")],
)
def test_match_device_errors_name_the_choices(spec: str, message: str) -> None:
    with pytest.raises(AudioDeviceError, match=message) as info:
        match_device(DEVICES, spec)
    assert info.value.device == spec


def test_no_device_suggests_out() -> None:
    with pytest.raises(AudioUnavailable, match="--out"):
        match_device([], None)


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
