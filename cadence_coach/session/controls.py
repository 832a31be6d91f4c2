"""The runner's controls, whatever sends them (headphone buttons over MPRIS or as key events,
a GPIO button, the keyboard): commands queued from their threads, taken by the session loop
on its own, and the play state they can show back (MPRIS's ``PlaybackStatus``).

Thread-safe; no I/O. docs/headless.md says which button does what.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Command(Enum):
    """What the runner asks for."""

    PLAY_PAUSE = "play/pause"
    """Start when ready, pause while running, resume while paused."""
    PLAY = "play"
    PAUSE = "pause"
    NEXT = "next"
    """Skip the rest of the running segment."""
    PREVIOUS = "previous"
    """Repeat the last announcement (twice in a row: the status)."""
    STOP = "stop"
    """End the session (the coach goes back to waiting, in ready mode)."""
    STATUS = "status"
    """Say the time, cadence, time in zone, heart rate and sensor batteries."""


class PlayState(Enum):
    """What the controls show back, in MPRIS's words."""

    STOPPED = "Stopped"
    """Waiting to start (ready), or between sessions."""
    PLAYING = "Playing"
    PAUSED = "Paused"


@dataclass(frozen=True, slots=True)
class Press:
    """One command and where it came from (``mpris``, ``keys``, ``button``, ``keyboard``)."""

    command: Command
    source: str


class Controls:
    """The queue between the control sources and the session loop."""

    def __init__(self) -> None:
        self._inbox: queue.SimpleQueue[Press] = queue.SimpleQueue()
        self._state = PlayState.STOPPED
        self._watchers: list[Callable[[PlayState], None]] = []
        self._lock = threading.Lock()
        self.title = ""
        """What the next or running session is, for a player's metadata."""

    def press(self, command: Command, source: str) -> None:
        """From any thread: the runner asked for ``command``."""
        self._inbox.put(Press(command, source))

    def take(self) -> list[Press]:
        """Every press waiting, oldest first; never blocks."""
        taken = []
        while True:
            try:
                taken.append(self._inbox.get_nowait())
            except queue.Empty:
                return taken

    def wait(self, timeout_s: float) -> Press | None:
        """The next press, waiting at most ``timeout_s``."""
        try:
            return self._inbox.get(timeout=timeout_s)
        except queue.Empty:
            return None

    @property
    def waiting(self) -> bool:
        """Whether a press waits to be taken."""
        return not self._inbox.empty()

    @property
    def state(self) -> PlayState:
        return self._state

    def show(self, state: PlayState) -> None:
        """Set the play state; watchers (a player on the bus) hear of a change."""
        with self._lock:
            if state is self._state:
                return
            self._state = state
            watchers = list(self._watchers)
        for watcher in watchers:
            watcher(state)

    def watch(self, watcher: Callable[[PlayState], None]) -> None:
        with self._lock:
            self._watchers.append(watcher)
