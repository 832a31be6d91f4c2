"""A push button on the Pi's GPIO pins (gpiozero): one press plays or pauses, a double press
says the status, a triple press skips to the next segment, a long press stops. The
counting is pure (:class:`Gestures`, handed times); gpiozero tells it of presses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cadence_coach.errors import CoachError
from cadence_coach.session.controls import Command, Controls

GAP_S = 0.4
"""Presses this close together count as one double or triple press."""
LONG_S = 1.0
"""Held this long: a long press."""
BOUNCE_S = 0.02
"""A contact's bounce, ignored by gpiozero."""
BY_COUNT = {1: Command.PLAY_PAUSE, 2: Command.STATUS, 3: Command.NEXT}
"""What one, two and three presses in a row mean; more count as three."""


class ButtonUnavailable(CoachError):
    """Raised when the GPIO button cannot be set up (no GPIO, the pin in use)."""


@dataclass
class Gestures:
    """Presses and releases into commands. A run of short presses means its count once
    :data:`GAP_S` has passed after the last; a press held :data:`LONG_S` is a long press
    (its release then means nothing)."""

    gap_s: float = GAP_S
    count: int = 0
    _last_release: float | None = None
    _long: bool = field(default=False, repr=False)

    def pressed(self, t: float) -> None:
        self._long = False

    def held(self, t: float) -> Command:
        self._long = True
        self.count = 0
        self._last_release = None
        return Command.STOP

    def released(self, t: float) -> None:
        if self._long:
            self._long = False
            return
        self.count += 1
        self._last_release = t

    def due(self, t: float) -> Command | None:
        """The command a finished run of presses means, once its gap has passed."""
        if self._last_release is None or t - self._last_release < self.gap_s:
            return None
        command = BY_COUNT[min(self.count, 3)]
        self.count, self._last_release = 0, None
        return command


class ButtonRemote:
    """gpiozero's ``Button`` on ``pin`` (pulled up, pressed to ground), its presses counted
    and pressed into ``controls``."""

    def __init__(
        self,
        controls: Controls,
        pin: int,
        *,
        pin_factory: Any = None,
        clock: Callable[[], float] = time.monotonic,
        gap_s: float = GAP_S,
        long_s: float = LONG_S,
    ) -> None:
        from gpiozero import Button

        self.controls = controls
        self.clock = clock
        self.gestures = Gestures(gap_s)
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._run = 0
        """Which run of presses the pending timer is for (a later release starts another)."""
        self.button = Button(
            pin, pull_up=True, bounce_time=BOUNCE_S, hold_time=long_s, pin_factory=pin_factory
        )
        self.button.when_pressed = self._pressed
        self.button.when_released = self._released
        self.button.when_held = self._held

    def _pressed(self) -> None:
        with self._lock:
            self.gestures.pressed(self.clock())

    def _held(self) -> None:
        with self._lock:
            command = self.gestures.held(self.clock())
        self.controls.press(command, "button")

    def _released(self) -> None:
        with self._lock:
            self.gestures.released(self.clock())
            if self._timer is not None:
                self._timer.cancel()
            self._run += 1
            self._timer = threading.Timer(self.gestures.gap_s, self._settle, (self._run,))
            self._timer.daemon = True
            self._timer.start()

    def _settle(self, run: int) -> None:
        with self._lock:
            if run != self._run:
                return  # another press came: its own timer settles the run
            command = self.gestures.due(float("inf"))
        if command is not None:
            self.controls.press(command, "button")

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
        self.button.close()


def open_button(controls: Controls, pin: int) -> ButtonRemote:
    """The button on ``pin``; a pin that cannot be used is a one-line error."""
    try:
        return ButtonRemote(controls, pin)
    except Exception as err:  # gpiozero's errors (no GPIO here, pin in use) are its own
        raise ButtonUnavailable(f"no button on GPIO {pin}: {err}") from None
