"""Headset buttons that arrive as input key events (some headsets, and BlueZ's AVRCP input
device), read with evdev. The mapping from events to commands is pure
(:class:`KeyGestures`); a long press of play/pause stops, as on the other controls."""

from __future__ import annotations

import logging
import select
import threading
from dataclasses import dataclass, field
from typing import Any

from cadence_coach.session.controls import Command, Controls

log = logging.getLogger(__name__)

EV_KEY = 0x01
"""The kernel's event type for keys (linux/input-event-codes.h)."""
KEY_DOWN, KEY_UP, KEY_REPEAT = 1, 0, 2
KEYS = {
    164: Command.PLAY_PAUSE,  # KEY_PLAYPAUSE
    200: Command.PLAY,  # KEY_PLAYCD
    207: Command.PLAY,  # KEY_PLAY
    201: Command.PAUSE,  # KEY_PAUSECD
    163: Command.NEXT,  # KEY_NEXTSONG
    165: Command.PREVIOUS,  # KEY_PREVIOUSSONG
    166: Command.STOP,  # KEY_STOPCD
    128: Command.STOP,  # KEY_STOP
    358: Command.STATUS,  # KEY_INFO
}
"""Key codes (linux/input-event-codes.h) and what they mean here."""
LONG_S = 1.0
"""Play/pause held this long stops the session."""


@dataclass
class KeyGestures:
    """Key events into commands: a key means its command when it goes down, but play/pause
    means its command when it comes up, or stop if it was held :data:`LONG_S`."""

    _down_at: dict[int, float] = field(default_factory=dict)

    def event(self, t: float, kind: int, code: int, value: int) -> Command | None:
        command = KEYS.get(code)
        if kind != EV_KEY or command is None:
            return None
        if command is not Command.PLAY_PAUSE:
            return command if value == KEY_DOWN else None
        if value == KEY_DOWN:
            self._down_at[code] = t
            return None
        if value != KEY_UP:
            return None  # autorepeat while held: the release decides
        down = self._down_at.pop(code, None)
        if down is not None and t - down >= LONG_S:
            return Command.STOP
        return command


class KeyDevices:
    """The input devices that send media keys, read on a thread of their own."""

    def __init__(self, controls: Controls, devices: list[Any]) -> None:
        self.controls = controls
        self.devices = devices
        self.names = [d.name for d in devices]
        self.gestures = KeyGestures()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="keys", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        by_fd = {d.fd: d for d in self.devices}
        while not self._stop.is_set() and by_fd:
            ready, _, _ = select.select(list(by_fd), [], [], 0.5)
            for fd in ready:
                try:
                    events = list(by_fd[fd].read())
                except OSError as err:  # the headset went away: its keys with it
                    log.info("input device %s: %s", by_fd[fd].name, err)
                    del by_fd[fd]
                    continue
                for ev in events:
                    command = self.gestures.event(ev.timestamp(), ev.type, ev.code, ev.value)
                    if command is not None:
                        self.controls.press(command, "keys")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for device in self.devices:
            device.close()


def open_key_devices(controls: Controls) -> KeyDevices | None:
    """Every readable input device with media keys, read into ``controls``; ``None``
    when there is none (or no evdev: ``pip install 'cadence-coach[pi]'``)."""
    try:
        import evdev
    except ImportError:
        log.info("no evdev: headset key events are not read")
        return None
    found = []
    for path in evdev.list_devices():
        try:
            device = evdev.InputDevice(path)
        except OSError as err:
            log.debug("input device %s: %s", path, err)
            continue
        codes = set(device.capabilities().get(EV_KEY, []))
        if codes & set(KEYS):
            found.append(device)
        else:
            device.close()
    return KeyDevices(controls, found) if found else None
