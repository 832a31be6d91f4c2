"""What the commands share: options declared once, value parsers, and one-line messages."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import click

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.units import parse_duration, parse_volume

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


OUT_FILE = click.Path(dir_okay=False, writable=True, path_type=Path)
"""A file the command writes (audio, summary, chart, export)."""


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def device_option(
    help: str = "Output device name or index (see `cadence-coach devices`).",
) -> Callable[[F], F]:
    return click.option("--device", help=help)


def duration_option(**kw: Any) -> Callable[[F], F]:
    kw.setdefault("help", "How long, e.g. 90s, 10m, 1h.")
    return click.option("--duration", callback=parsed(parse_duration), **kw)


def sound_option() -> Callable[[F], F]:
    return click.option(
        "--sound", type=click.Choice(VOICE_NAMES), default="click", show_default=True,
        help="Click voice.",
    )  # fmt: skip


def volume_option(default: str = "0.8") -> Callable[[F], F]:
    return click.option(
        "--volume", callback=parsed(parse_volume), default=default, show_default=True,
        help="0..1 or 80%.",
    )  # fmt: skip


def voice_option() -> Callable[[F], F]:
    return click.option("--voice", help="Speech voice (see `cadence-coach voices`).")


def seed_option() -> Callable[[F], F]:
    return click.option(
        "--seed", type=int, default=0, show_default=True, help="Simulated runner's seed."
    )


UNITS = click.Choice(["steps", "strides"])


def sensor_options(sensor_help: str) -> Callable[[F], F]:
    """``--sensor`` (repeatable), ``--hr`` and ``--cadence-units``."""

    def decorate(f: F) -> F:
        f = click.option(
            "--cadence-units",
            type=UNITS,
            help="What the footpod's cadence counts (remembered for that footpod).",
        )(f)
        f = click.option("--hr", help="A Bluetooth heart-rate strap (address or name).")(f)
        return click.option("--sensor", "sensors", multiple=True, help=sensor_help)(f)

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


def sound_options() -> Callable[[F], F]:
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
    cadence_units: str | None = None


def sensing_options(sensor_help: str) -> Callable[[F], F]:
    """``--sensor``, ``--hr`` and ``--cadence-units``, gathered as ``sensing``."""

    def decorate(f: F) -> F:
        f = collect("sensing", Sensing, "sensors", "hr", "cadence_units")(f)
        return sensor_options(sensor_help)(f)

    return decorate
