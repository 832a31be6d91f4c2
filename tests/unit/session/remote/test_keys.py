"""Headset keys as input events. No /dev/uinput or /dev/input here, so no event can be
injected: the mapping is tested on event sequences in the kernel's format (type, code,
value, with the times a press and an autorepeating hold produce), built as evdev's own
``InputEvent`` objects; they are written out here, not captured from a device."""

from __future__ import annotations

from evdev import InputEvent, ecodes

from cadence_coach.session.controls import Command
from cadence_coach.session.remote.keys import KEYS, KeyGestures

SYN = (ecodes.EV_SYN, ecodes.SYN_REPORT, 0)


def _tap(t: float, code: int, hold_s: float = 0.08, repeat: bool = False) -> list[InputEvent]:
    """Down, sync, (autorepeat every 33 ms after 250 ms while held), up, sync."""
    events = [(t, ecodes.EV_KEY, code, 1), (t, *SYN)]
    if repeat:
        r = t + 0.25
        while r < t + hold_s:
            events += [(r, ecodes.EV_KEY, code, 2), (r, *SYN)]
            r += 0.033
    events += [(t + hold_s, ecodes.EV_KEY, code, 0), (t + hold_s, *SYN)]
    return [InputEvent(int(s), round((s % 1) * 1e6), k, c, v) for s, k, c, v in events]


def _commands(events: list[InputEvent]) -> list[Command]:
    gestures = KeyGestures()
    out = []
    for ev in events:
        command = gestures.event(ev.timestamp(), ev.type, ev.code, ev.value)
        if command is not None:
            out.append(command)
    return out


def test_the_key_codes_are_the_kernels() -> None:
    assert KEYS[ecodes.KEY_PLAYPAUSE] is Command.PLAY_PAUSE
    assert KEYS[ecodes.KEY_NEXTSONG] is Command.NEXT
    assert KEYS[ecodes.KEY_PREVIOUSSONG] is Command.PREVIOUS
    assert KEYS[ecodes.KEY_PLAYCD] is Command.PLAY
    assert KEYS[ecodes.KEY_PAUSECD] is Command.PAUSE
    assert KEYS[ecodes.KEY_STOPCD] is Command.STOP


def test_a_headset_session_of_presses() -> None:
    events = (
        _tap(100.0, ecodes.KEY_PLAYPAUSE)
        + _tap(101.0, ecodes.KEY_NEXTSONG)
        + _tap(102.0, ecodes.KEY_PREVIOUSSONG)
        + _tap(103.0, ecodes.KEY_PAUSECD)
        + _tap(104.0, ecodes.KEY_PLAYCD)
        + _tap(105.0, ecodes.KEY_VOLUMEUP)  # the headset's own business
    )
    assert _commands(events) == [
        Command.PLAY_PAUSE, Command.NEXT, Command.PREVIOUS, Command.PAUSE, Command.PLAY,
    ]  # fmt: skip


def test_holding_play_pause_stops_through_its_autorepeat() -> None:
    held = _tap(200.0, ecodes.KEY_PLAYPAUSE, hold_s=1.4, repeat=True)
    assert any(ev.value == 2 for ev in held)
    assert _commands(held) == [Command.STOP]


def test_a_held_next_skips_once() -> None:
    assert _commands(_tap(300.0, ecodes.KEY_NEXTSONG, hold_s=1.4, repeat=True)) == [Command.NEXT]
