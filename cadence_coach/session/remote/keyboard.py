"""The keyboard, when a terminal is attached: space plays or pauses, ``n`` skips to the next
segment, ``p`` repeats the last announcement, ``s`` says the status, ``q`` stops. Read a key
at a time (the terminal in cbreak mode, so Ctrl-C still interrupts), put back as it was."""

from __future__ import annotations

import os
import select
import sys
import threading
from typing import Any

from cadence_coach.session.controls import Command, Controls

KEYS = {
    " ": Command.PLAY_PAUSE,
    "n": Command.NEXT,
    "p": Command.PREVIOUS,
    "s": Command.STATUS,
    "q": Command.STOP,
}


def command_for(key: str) -> Command | None:
    return KEYS.get(key.lower())


class KeyboardRemote:
    def __init__(self, controls: Controls, fd: int | None = None) -> None:
        self.controls = controls
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: Any = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="keyboard", daemon=True)

    def start(self) -> None:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if not ready:
                continue
            data = os.read(self.fd, 16)
            if not data:
                return
            for key in data.decode(errors="ignore"):
                command = command_for(key)
                if command is not None:
                    self.controls.press(command, "keyboard")

    def close(self) -> None:
        import termios

        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(1)
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
