"""``scan`` and ``sensor``: Bluetooth sensors nearby and their readings; and the sensors a
session connects for its length."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.options import Finite, duration_option, units_option, warn

if TYPE_CHECKING:
    from cadence_coach.sensors.connected import ConnectedSensors
    from cadence_coach.sensors.link import SensorLink
    from cadence_coach.sources.strides import CadenceUnit


def radios(sensors: tuple[str, ...], hr: str | None, out: Path | None) -> list[str]:
    """The Bluetooth sensors asked for with ``--sensor`` and ``--hr`` (``sim`` is none)."""
    for sensor in sensors:
        if sensor.startswith("replay:"):
            raise click.BadParameter(
                f"recordings are replayed with `cadence-coach replay {sensor[len('replay:') :]}`",
                param_hint="'--sensor'",
            )
    found = [s for s in sensors if s != "sim"] + ([hr] if hr not in (None, "sim") else [])
    if found and out is not None:
        raise click.UsageError("live sensors need live playback: drop --out")
    return found


def _remembered() -> Callable[[str], CadenceUnit | None]:
    """A lookup of the cadence unit the runner chose for a footpod."""
    # read now: the lookup runs on the sensors' thread, and SQLite stays on this one
    return context.store().settings.cadence_units().get


def _remember_units(links: list[SensorLink], units: CadenceUnit | None) -> None:
    for link in links:
        if units is not None and link.address is not None:
            context.store().settings.remember_units(link.address, units)
            click.echo(f"remembered: {link.name or link.address} counts {units.value}")


def connect_sensors(targets: list[str], units: CadenceUnit | None) -> ConnectedSensors:
    """The sensors connected, the units remembered for each footpod used (and stored), what
    each is said, and the first steps of an accelerometer waited for; a
    :class:`~cadence_coach.errors.SensorError` when one cannot be reached."""
    from cadence_coach.sensors.connected import connect

    click.echo(f"connecting to {', '.join(targets)}...")
    sensors = connect(targets, units=units, remembered=_remembered())
    try:
        _remember_units(sensors.links, units)
        for line in sensors.summary():
            click.echo(f"  {line}")
        if any(link.streams_steps for link in sensors.links):
            click.echo("  waiting for the first steps from the accelerometer...")
            if not sensors.wait_for_steps():
                warn("no steps yet from the accelerometer: is the strap worn?")
    except BaseException:
        sensors.stop()
        raise
    if not sensors.has_cadence:
        warn(
            "none of these sensors sends cadence (a treadmill or a strap does not): "
            "the metronome and timed cues run, but there is no cadence to coach; "
            "add a footpod with --sensor"
        )
    return sensors


@contextlib.contextmanager
def live_sensors(
    targets: list[str], units: CadenceUnit | None
) -> Iterator[ConnectedSensors | None]:
    """The sensors connected for the length of a session (none: ``None``)."""
    if not targets:
        yield None
        return
    sensors = connect_sensors(targets, units)
    try:
        yield sensors
    finally:
        sensors.stop()


@click.command()
@click.option("--timeout", type=Finite(0.5, 120), default=5.0, show_default=True,
              help="Seconds to listen.")  # fmt: skip
@click.option("--no-battery", is_flag=True, help="Do not connect to read battery levels.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per sensor.")
def scan(timeout: float, no_battery: bool, as_json: bool) -> None:
    """Find nearby footpods, heart-rate straps and treadmills."""
    import asyncio
    import dataclasses
    import json

    from cadence_coach.sensors import bluetooth

    found = asyncio.run(bluetooth.scan(timeout, battery=not no_battery))
    if as_json:
        for f in found:
            click.echo(json.dumps(dataclasses.asdict(f)))
        return
    if not found:
        click.echo(
            f"no sensors found in {timeout:g} s: wake them (walk with the footpod, wear the "
            "strap) and scan again"
        )
        return
    for f in found:
        rssi = "?" if f.rssi_dbm is None else f"{f.rssi_dbm} dBm"
        battery = "" if f.battery_pct is None else f", battery {f.battery_pct} %"
        services = ", ".join(s for s in f.services if s != "battery")
        click.echo(f"{f.name:<20} {f.address}  {rssi:>8}  {services}{battery}")


@click.command()
@click.argument("target", metavar="ADDRESS_OR_NAME")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per reading.")
@units_option("--cadence-units", "What this footpod's cadence counts (remembered).")
@duration_option(help="Stop after this long.")
@click.option("--timeout", type=Finite(0.5, 120), default=10.0, show_default=True,
              help="Seconds to look for the sensor.")  # fmt: skip
def sensor(
    target: str,
    as_json: bool,
    cadence_units: CadenceUnit | None,
    duration: float | None,
    timeout: float,
) -> None:
    """Connect to a sensor and print its decoded readings until Ctrl-C."""
    from cadence_coach.sensors.connected import describe_status
    from cadence_coach.sensors.hub import SensorHub
    from cadence_coach.sensors.link import SensorLink
    from cadence_coach.sources.strides import CadenceUnit

    hub = SensorHub()
    link = SensorLink(
        target,
        hub,
        units=CadenceUnit(cadence_units) if cadence_units else None,
        find_timeout_s=timeout,
        on_value=_printer(as_json),
        on_status=lambda target, state: (
            click.echo(f"{target}: {state.value}", err=True)
            if state.value != "connecting"
            else None
        ),
        remembered=_remembered(),
    )
    _watch(link, cadence_units, duration)
    for status in hub.statuses():
        click.echo(describe_status(status), err=True)


def _printer(as_json: bool) -> Callable[[SensorLink, object, float | None], None]:
    """One line (or JSON object) per decoded reading, stamped with the time."""
    import json
    from datetime import datetime

    from cadence_coach.sensors.describe import as_json as to_json
    from cadence_coach.sensors.describe import describe

    def on_value(link: SensorLink, value: object, steps: float | None) -> None:
        now = datetime.now().astimezone().isoformat(timespec="milliseconds")
        name = link.name or link.target
        if as_json:
            click.echo(json.dumps({"time": now, "sensor": name, **to_json(value, steps)}))
        else:
            click.echo(f"{now[11:23]} {name}: {describe(value, steps)}")

    return on_value


def _watch(link: SensorLink, cadence_units: CadenceUnit | None, duration: float | None) -> None:
    """Connect, then run the link until ``duration`` or Ctrl-C."""
    import asyncio

    async def watch() -> None:
        try:
            await link.connect_once()
            _remember_units([link], cadence_units)
            runner = asyncio.create_task(link.run())
            try:
                await asyncio.wait_for(asyncio.shield(runner), duration)
            except TimeoutError:
                pass
            finally:
                runner.cancel()
        finally:
            await link.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(watch())
