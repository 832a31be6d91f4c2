"""The settings file: its values by option, and each bad one a single line naming the file
and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence_coach.config import ConfigError, load

GOOD = """
[session]
plan = "run-walk-2-1"
habitual = 164
boost = "5%"

[sensors]
footpod = "Stryd"
hr = "Polar H10"

[audio]
device = "pulse"
volume = "80%"
power = "saver"
music = "~/Music/running"

[controls]
button = 17
keys = false
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_the_values_by_the_option_they_set(tmp_path: Path) -> None:
    settings = load(_write(tmp_path, GOOD))
    assert settings is not None
    assert settings.values == {
        "plan": "run-walk-2-1", "habitual": 164.0, "boost": "5%", "sensors": ["Stryd"],
        "hr": "Polar H10", "device": "pulse", "volume": "80%", "power": "saver",
        "music": "~/Music/running", "button": 17, "keys": False,
    }  # fmt: skip
    assert settings.for_options({"device", "volume"}) == {"device": "pulse", "volume": "80%"}


def test_no_file_is_no_settings(tmp_path: Path) -> None:
    assert load(tmp_path / "none.toml") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audio]\nvolume = 1.5", "audio.volume: volume 1.5 is outside 0..1 (0%..100%)"),
        ("[audio]\nvolume = true", "audio.volume: must be 0..1 or a percentage, not True"),
        ('[audio]\npower = "eco"', "audio.power: 'eco' is not one of responsive, balanced, saver"),
        (
            "[audio]\nvolum = 0.5",
            "audio.volum: unknown key; known: device, volume, sound, voice, power, music",
        ),
        (
            "[sound]\nvolume = 0.5",
            "sound: unknown section; known: session, sensors, audio, controls",
        ),
        ("audio = 3", "audio: must be a table ([section])"),
        ("[session]\ntarget = 400", "session.target: tempo 400 is outside 20-300 beats per minute"),
        (
            '[session]\nduration = "forever"',
            "session.duration: duration 'forever' is not understood",
        ),
        (
            '[session]\nplan = "strides"\ntarget = 172',
            "session: a plan sets its own target: drop them",
        ),
        ("[sensors]\nfootpod = []", "sensors.footpod: must be a name or a list of names, not []"),
        ('[sensors]\nfootpod = ["Stryd", 3]', "sensors.footpod: must be text, not 3"),
        (
            "[controls]\nbutton = 99",
            "controls.button: must be a GPIO number (BCM) from 0 to 53, not 99",
        ),
        ('[controls]\nkeys = "yes"', "controls.keys: must be true or false, not 'yes'"),
        ("[audio\nvolume = 1", "not valid TOML"),
    ],
)
def test_each_bad_value_is_one_line_naming_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load(path)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: ")
    assert message in line
    assert isinstance(caught.value, ValueError)  # a bad value: exit 2 on the command line
