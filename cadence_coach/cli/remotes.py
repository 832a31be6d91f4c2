"""The runner's controls opened for a command: the MPRIS player when a session D-Bus is
there, headset keys from input devices, a GPIO button, the keyboard on a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cadence_coach.sensors.connected import ConnectedSensors
    from cadence_coach.session.controls import Controls
    from cadence_coach.session.steering import Steering
    from cadence_coach.speech.status import SensorNews


@contextlib.contextmanager
def remotes(
    controls: Controls, *, button: int | None = None, keys: bool = True, keyboard: bool = True
) -> Iterator[list[str]]:
    """Open every control that can be; yields what listens (``mpris``, ``keys``...)."""
    opened: list[str] = []
    with contextlib.ExitStack() as stack:
        from cadence_coach.session.remote.mpris import MprisRemote

        mpris = MprisRemote(controls)
        if mpris.start():
            stack.callback(mpris.close)
            opened.append("mpris")
        if keys:
            from cadence_coach.session.remote.keys import open_key_devices

            found = open_key_devices(controls)
            if found is not None:
                stack.callback(found.close)
                opened.append(f"keys ({', '.join(found.names)})")
        if button is not None:
            from cadence_coach.session.remote.button import open_button

            stack.callback(open_button(controls, button).close)
            opened.append(f"button on GPIO {button}")
        if keyboard and sys.stdin.isatty():
            from cadence_coach.session.remote.keyboard import KeyboardRemote

            reader = KeyboardRemote(controls)
            reader.start()
            stack.callback(reader.close)
            opened.append("keyboard (space, n, p, s, q)")
        click.echo(f"controls: {', '.join(opened) or 'none (Ctrl-C to stop)'}")
        yield opened


@contextlib.contextmanager
def run_controls(out: Path | None, live: ConnectedSensors | None) -> Iterator[Steering | None]:
    """For ``run`` played live: headphone buttons through MPRIS, when a session bus is
    there (the keyboard stays for the journal, and Ctrl-C stops)."""
    if out is not None:
        yield None
        return
    from cadence_coach.session.controls import Controls
    from cadence_coach.session.remote.mpris import MprisRemote
    from cadence_coach.session.steering import Steering

    controls = Controls()
    mpris = MprisRemote(controls)
    if not mpris.start():
        yield None
        return
    try:
        news = None if live is None else _news(live)
        yield Steering(controls) if news is None else Steering(controls, sensors=news)
    finally:
        mpris.close()


def _news(live: ConnectedSensors) -> Callable[[], tuple[SensorNews, ...]]:
    """The sensors as the status says them."""
    from cadence_coach.sensors.hub import LinkState
    from cadence_coach.speech.status import SensorNews

    def news() -> tuple[SensorNews, ...]:
        return tuple(
            SensorNews(s.name or s.target, s.state is LinkState.CONNECTED, s.battery_pct)
            for s in live.hub.statuses()
        )

    return news
