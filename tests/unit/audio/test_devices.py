"""Output devices: the one a runner names, among those PortAudio lists (pure)."""

from __future__ import annotations

import pytest

from cadence_coach.audio.devices import OutputDevice, match_device
from cadence_coach.errors import AudioDeviceError, AudioUnavailable

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
