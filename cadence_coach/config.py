"""The runner's settings file: one TOML file in the platform's config directory
(``~/.config/cadence-coach/config.toml`` on Linux) for the sensors, the output device, the
plan, the music, the volume and the controls. Read and checked here, each bad value one
line naming the file and the key; the command line turns it into its options' defaults,
so an option typed overrides it. No I/O but reading the file."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence_coach.errors import BadValue, CoachError
from cadence_coach.units import finite, parse_bpm, parse_duration, parse_volume

CONFIG_ENV = "CADENCE_COACH_CONFIG"
"""A settings file to read instead of the one in the config directory."""
FILE_NAME = "config.toml"


class ConfigError(CoachError, ValueError):
    """Raised when the settings file cannot be read or holds a value that cannot be used;
    carries the file and the key."""

    def __init__(self, message: str, path: Path, key: str | None = None) -> None:
        super().__init__(f"{path}: {key + ': ' if key else ''}{message}")
        self.path = path
        self.key = key


def default_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("cadence-coach")) / FILE_NAME


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"must be text, not {value!r}")
    return value.strip()


def _names(value: Any) -> list[str]:
    """One sensor name or address, or a list of them."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        raise BadValue(f"must be a name or a list of names, not {value!r}")
    return [_text(n) for n in names]


def _number(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadValue(f"must be a number, not {value!r}")
        return finite(float(value), "the value", low, high)

    return check


def _tempo(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(f"must be a number, not {value!r}")
    return float(parse_bpm(value))


def _duration(value: Any) -> str:
    parse_duration(_text(value))
    return _text(value)


def _volume(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(f"must be 0..1 or a percentage, not {value!r}")
    parse_volume(value)
    return str(value)


def _one_of(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise BadValue(f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)

    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"must be true or false, not {value!r}")
    return value


def _pin(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 53:
        raise BadValue(f"must be a GPIO number (BCM) from 0 to 53, not {value!r}")
    return value


SCHEMA: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "session": {
        "plan": ("plan", _text),
        "target": ("target", _tempo),
        "boost": ("boost", _text),
        "habitual": ("habitual", _tempo),
        "zone": ("zone", _text),
        "duration": ("duration", _duration),
        "metronome": ("metronome", _one_of("on", "off", "faded")),
        "hr_max": ("hr_max", _number(100, 220)),
    },
    "sensors": {
        "footpod": ("sensors", _names),
        "hr": ("hr", _text),
        "cadence_units": ("cadence_units", _one_of("steps", "strides")),
    },
    "audio": {
        "device": ("device", _text),
        "volume": ("volume", _volume),
        "sound": ("sound", _one_of("click", "wood", "beep")),
        "voice": ("voice", _text),
        "power": ("power", _one_of("responsive", "balanced", "saver")),
        "music": ("music", _text),
    },
    "controls": {
        "button": ("button", _pin),
        "keys": ("keys", _flag),
    },
}
"""Each section's keys: the option each sets (its parameter name) and its check."""
SESSION_OPTIONS = ("target", "zone", "duration", "metronome")
"""What a plan sets itself: with a plan in the file, these keys are refused; typed as
options, they set aside a plan the file names, and beside a plan typed they are refused."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The file's values by the option they set (``{"device": "pulse", ...}``)."""

    path: Path
    values: dict[str, Any]

    def for_options(self, names: set[str]) -> dict[str, Any]:
        """The values of the options a command has (click's ``default_map`` for it)."""
        return {k: v for k, v in self.values.items() if k in names}


def load(path: Path | None = None) -> Settings | None:
    """The settings file, checked; ``None`` when there is none."""
    path = path or default_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot be read ({err})", path) from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"not valid TOML: {err}", path) from None
    return Settings(path, check(raw, path))


def check(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """The file's values by option, or the first bad one as a :class:`ConfigError`."""
    values: dict[str, Any] = {}
    for section, keys in raw.items():
        known = SCHEMA.get(section)
        if known is None:
            raise ConfigError(f"unknown section; known: {', '.join(SCHEMA)}", path, section)
        if not isinstance(keys, dict):
            raise ConfigError("must be a table ([section])", path, section)
        for key, value in keys.items():
            where = f"{section}.{key}"
            if key not in known:
                raise ConfigError(f"unknown key; known: {', '.join(known)}", path, where)
            option, parse = known[key]
            try:
                values[option] = parse(value)
            except BadValue as err:
                raise ConfigError(str(err), path, where) from None
    if "plan" in values:
        clash = [k for k in SESSION_OPTIONS if k in values]
        if clash:
            raise ConfigError(f"a plan sets its own {', '.join(clash)}: drop them", path, "session")
    return values
