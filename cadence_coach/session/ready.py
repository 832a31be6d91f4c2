"""Ready mode: the coach waits with no clicks, says what it will do, starts a session on a
press of play, and waits again once the session ends. The waiting is here; what a session
is, how a line is said and how the sensors are reached are handed in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from cadence_coach.errors import CoachError
from cadence_coach.session.controls import Command, Controls, PlayState

log = logging.getLogger(__name__)

WAIT_S = 1.0
"""How often the wait wakes (to ping the watchdog) while nothing is pressed."""
STARTS = (Command.PLAY, Command.PLAY_PAUSE)
SAYS_AGAIN = (Command.STATUS, Command.PREVIOUS)


@dataclass
class ReadyLoop:
    """Call :meth:`run`; it returns after ``sessions`` sessions (``None``: never)."""

    controls: Controls
    ready_line: Callable[[], str]
    """What the coach says while it waits (the sensors' state is read each time)."""
    say: Callable[[str, Callable[[], bool]], None]
    """Speak a line through the output (no session is playing), cut short when the second
    argument says a press is waiting."""
    session: Callable[[], None]
    """Run one session, the controls steering it."""
    prepare: Callable[[], bool] = lambda: True
    """Before a session: reach what it needs (the sensors); ``False``: not yet."""
    ping: Callable[[], None] = lambda: None
    notify: Callable[[str], None] = print
    sessions: int | None = None
    ran: int = 0

    def run(self) -> None:
        self._announce()
        while self.sessions is None or self.ran < self.sessions:
            press = self.controls.wait(WAIT_S)
            self.ping()
            if press is None:
                continue
            if press.command in STARTS:
                self._start()
            elif press.command in SAYS_AGAIN:
                self._announce()

    def _announce(self) -> None:
        line = self.ready_line()
        self.notify(f"ready: {line}")
        self._say(line)

    def _start(self) -> None:
        if not self.prepare():
            self._announce()
            return
        self.controls.take()  # presses made while it was getting ready are spent
        try:
            self.session()
        except CoachError as err:  # the runner hears it, and the coach waits again
            self.notify(f"error: {err}")
            self._say("Could not start the session. Press play to try again")
        finally:
            self.controls.show(PlayState.STOPPED)
        self.ran += 1
        if self.sessions is None or self.ran < self.sessions:
            self._announce()

    def _say(self, line: str) -> None:
        try:
            self.say(line, lambda: self.controls.waiting)
        except CoachError as err:
            self.notify(f"warning: could not say it: {err}")
