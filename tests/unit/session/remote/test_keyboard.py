"""The keyboard's keys, and a real terminal read a key at a time (a pseudo-terminal)."""

from __future__ import annotations

import os
import pty

from cadence_coach.session.controls import Command, Controls
from cadence_coach.session.remote.keyboard import KeyboardRemote, command_for


def test_keys() -> None:
    assert command_for(" ") is Command.PLAY_PAUSE
    assert command_for("N") is Command.NEXT
    assert command_for("x") is None


def test_keys_typed_on_a_terminal_reach_the_controls_and_the_terminal_is_put_back() -> None:
    import termios

    main, child = pty.openpty()
    before = termios.tcgetattr(child)
    controls = Controls()
    reader = KeyboardRemote(controls, fd=child)
    reader.start()
    try:
        os.write(main, b" nqz")
        got = [controls.wait(5.0) for _ in range(3)]
    finally:
        reader.close()
        after = termios.tcgetattr(child)
        os.close(main)
        os.close(child)
    assert [p.command for p in got if p is not None] == [Command.PLAY_PAUSE, Command.NEXT,
                                                          Command.STOP]  # fmt: skip
    assert after == before
