"""What the commands share: options declared once, value parsers, and one-line messages."""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.coaching.targets import MAX_SPM, MIN_SPM
from cadence_coach.errors import AudioDeviceError
from cadence_coach.units import parse_duration, parse_volume, printable

if TYPE_CHECKING:
    from cadence_coach.audio.devices import OutputDevice
    from cadence_coach.audio.files import Encoding
    from cadence_coach.sources.strides import CadenceUnit

F = TypeVar("F", bound=Callable[..., Any])


def parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback around one of the pure parsers in :mod:`cadence_coach.units`."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as err:
            raise click.BadParameter(str(err), ctx, param) from None

    return callback


def _typed(value: Any) -> str:
    """A value typed, for a message: quoted, and cut short when long."""
    text = str(value)
    return repr(text if len(text) <= 24 else text[:21] + "...")


class Finite(click.ParamType[float]):
    """A number, from ``low`` to ``high`` when given (in ``unit``); NaN and infinities are
    refused (click's own ``FloatRange`` lets NaN through)."""

    name = "float"

    def __init__(self, low: float = -math.inf, high: float = math.inf, unit: str = "") -> None:
        self.low = low
        self.high = high
        self.unit = f" {unit}" if unit else ""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{_typed(value)} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{_typed(value)} is not a finite number", param, ctx)
        if not self.low <= number <= self.high:
            self.fail(f"{number:g} is outside {self.low:g}-{self.high:g}{self.unit}", param, ctx)
        return number


class Whole(click.ParamType[int]):
    """A whole number from ``low`` to ``high``: click's ``IntRange`` with no bound reads a
    number of any length, and says it back in full."""

    name = "integer"

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not re.fullmatch(r"[+-]?\d+", text):
                self.fail(f"{_typed(value)} is not a whole number", param, ctx)
            number = int(text) if len(text) <= 20 else self.high + 1  # no long arithmetic
        if not self.low <= number <= self.high:
            self.fail(f"{_typed(value)} is outside {self.low}-{self.high}", param, ctx)
        return number


CADENCE = Finite(MIN_SPM, MAX_SPM, "steps per minute")
"""``--habitual`` and ``--target``."""
SESSION_ID = Whole(1, 2**63 - 1)
"""A stored session's number (SQLite's largest)."""
SEED = Whole(0, 2**32 - 1)
OUT_FILE = click.Path(dir_okay=False, writable=True, path_type=Path)
"""A file the command writes (audio, summary, chart, export)."""
AUDIO_OUT = "by its extension: .wav, .flac, .ogg or .mp3"


def audio_encoding(out: Path) -> Encoding:
    """The encoding ``--out``'s extension asks for; one that cannot be is a bad value."""
    from cadence_coach.audio.files import encoding_for

    try:
        return encoding_for(out)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--out'") from None


LONGEST_WORD = 120
"""A word in a message longer than this (a value pasted by mistake) is cut short."""


def fail(message: str, code: int) -> NoReturn:
    """Print ``message`` as one line, with no control character and no word of hundreds of
    characters (the value that caused it, said back), and exit with ``code``."""
    line = printable(message.replace("\n", " "))
    line = re.sub(rf"\S{{{LONGEST_WORD + 1},}}", lambda m: m.group()[:60] + "...", line)
    click.echo(f"error: {line}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def output_device(spec: str | None) -> OutputDevice:
    """Resolve ``--device``; an unknown device is a usage error (exit 2)."""
    from cadence_coach.audio.devices import resolve_device

    try:
        return resolve_device(spec)
    except AudioDeviceError as err:
        raise click.BadParameter(str(err), param_hint="'--device'") from None


def device_option(
    help: str = "Output device name or index (see `cadence-coach devices`).",
) -> Callable[[F], F]:
    return click.option("--device", help=help)


def duration_option(**kw: Any) -> Callable[[F], F]:
    kw.setdefault("help", "How long, e.g. 90s, 10m, 1h.")
    return click.option("--duration", callback=parsed(parse_duration), **kw)


def start_at_option(help: str = "Skip into the plan, e.g. 5m.") -> Callable[[F], F]:
    return click.option("--start-at", callback=parsed(parse_duration), help=help)


def samplerate_option(help: str = "Sample rate in Hz.") -> Callable[[F], F]:
    return click.option("--samplerate", type=click.IntRange(8000, 192_000), help=help)


def runner_option() -> Callable[[F], F]:
    """``--runner PROFILE``: who the simulated runner is (README lists the profiles)."""
    from cadence_coach.sources.runners import DEFAULT_PROFILE, PROFILES

    return click.option(
        "--runner",
        type=click.Choice(list(PROFILES)),
        default=DEFAULT_PROFILE,
        show_default=True,
        help="The simulated runner's profile (when no sensor is given).",
    )


def seed_option() -> Callable[[F], F]:
    return click.option(
        "--seed", type=SEED, default=0, show_default=True, help="Simulated runner's seed."
    )


def summary_option() -> Callable[[F], F]:
    return click.option(
        "--summary",
        "summary_path",
        type=OUT_FILE,
        help="Write the session summary to this JSON file.",
    )


def sound_option() -> Callable[[F], F]:
    return click.option(
        "--sound", type=click.Choice(VOICE_NAMES), default="click", show_default=True,
        help="Click voice.",
    )  # fmt: skip


def volume_option(default: str = "0.8", show_default: bool = True) -> Callable[[F], F]:
    return click.option(
        "--volume", callback=parsed(parse_volume), default=default, show_default=show_default,
        help="0..1 or 80%.",
    )  # fmt: skip


def voice_option(help: str = "Speech voice (see `cadence-coach voices`).") -> Callable[[F], F]:
    return click.option("--voice", help=help)


def _unit(ctx: click.Context, param: click.Parameter, value: str | None) -> CadenceUnit | None:
    from cadence_coach.sources.strides import CadenceUnit

    return None if value is None else CadenceUnit(value)


def units_option(name: str, help: str) -> Callable[[F], F]:
    """A cadence unit (``steps`` or ``strides``), handed on as a ``CadenceUnit``."""
    return click.option(name, type=click.Choice(["steps", "strides"]), callback=_unit, help=help)


ZONE_HELP = "Tolerance: 3% either side (the default) or a range, 168-176."


def target_options(boost_help: str, habitual_help: str) -> Callable[[F], F]:
    """``--target``, ``--boost``, ``--habitual`` and ``--zone``."""

    def decorate(f: F) -> F:
        f = click.option("--zone", help=ZONE_HELP)(f)
        f = click.option("--habitual", type=CADENCE, help=habitual_help)(f)
        f = click.option("--boost", help=boost_help)(f)
        return click.option("--target", type=CADENCE, help="Target cadence in steps per minute.")(f)

    return decorate


def collect(into: str, build: Callable[..., Any], *names: str) -> Callable[[F], F]:
    """Gather the options ``names`` into one argument ``into``, ``build(**values)``: a
    command takes a few typed values instead of a long list of loose ones."""

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in names}
            kwargs[into] = build(**values)
            return f(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


@dataclass(frozen=True, slots=True)
class Sound:
    """How a session sounds: ``--sound``, ``--volume``, ``--voice``."""

    sound: str = "click"
    volume: float = 0.8
    voice: str | None = None


def session_sound_options() -> Callable[[F], F]:
    """``--sound``, ``--volume`` and ``--voice``, gathered as ``sound``."""

    def decorate(f: F) -> F:
        f = collect("sound", Sound, "sound", "volume", "voice")(f)
        return sound_option()(volume_option()(voice_option()(f)))

    return decorate


@dataclass(frozen=True, slots=True)
class Sensing:
    """The Bluetooth sensors asked for: ``--sensor``, ``--hr``, ``--cadence-units``."""

    sensors: tuple[str, ...] = ()
    hr: str | None = None
    cadence_units: CadenceUnit | None = None


def sensing_options(sensor_help: str) -> Callable[[F], F]:
    """``--sensor`` (repeatable), ``--hr`` and ``--cadence-units``, gathered as ``sensing``."""

    def decorate(f: F) -> F:
        f = collect("sensing", Sensing, "sensors", "hr", "cadence_units")(f)
        f = units_option("--cadence-units", UNITS_HELP)(f)
        f = click.option("--hr", help="A Bluetooth heart-rate strap (address or name).")(f)
        return click.option("--sensor", "sensors", multiple=True, help=sensor_help)(f)

    return decorate


UNITS_HELP = "What the footpod's cadence counts (remembered for that footpod)."


POWER_MODES = ("responsive", "balanced", "saver")
"""``--power``, as :data:`cadence_coach.session.outputs.POWER` defines them."""


def power_option() -> Callable[[F], F]:
    """``--power``: cue latency traded for battery (bigger buffers, rarer wake-ups)."""
    return click.option(
        "--power",
        type=click.Choice(POWER_MODES),
        default="balanced",
        show_default=True,
        help="saver: bigger buffers, cues up to about 2 s later, less battery; responsive: "
        "cues within about 0.2 s (docs/benchmarks.md).",
    )


def music_option() -> Callable[[F], F]:
    """``--music DIR|all|off``: the runner's music on the beat (default: as ``music use``
    keeps it)."""
    return click.option(
        "--music",
        metavar="DIR|all|off",
        help="Your music on the beat: a folder, all (the library), or off "
        "(default: as `cadence-coach music use` keeps it).",
    )
