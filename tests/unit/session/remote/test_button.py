"""The GPIO button: gpiozero's own Button on its mock pin factory (this machine has no
GPIO), pressed once, twice, three times and held; and the counting alone, on given times."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from gpiozero.pins.mock import MockFactory

from cadence_coach.session.controls import Command, Controls
from cadence_coach.session.remote.button import ButtonRemote, Gestures

PIN = 17


def test_runs_of_presses_count_once_their_gap_has_passed() -> None:
    g = Gestures(gap_s=0.4)
    g.pressed(0.0)
    g.released(0.1)
    assert g.due(0.3) is None  # a second press may still come
    g.pressed(0.35)
    g.released(0.45)
    assert g.due(0.6) is None
    assert g.due(0.9) is Command.STATUS  # two presses
    assert g.due(5.0) is None  # said once


def test_a_long_press_stops_and_its_release_means_nothing() -> None:
    g = Gestures(gap_s=0.4)
    g.pressed(0.0)
    assert g.held(1.0) is Command.STOP
    g.released(1.5)
    assert g.due(10.0) is None


def test_four_presses_count_as_three() -> None:
    g = Gestures(gap_s=0.4)
    for i in range(4):
        g.pressed(i * 0.2)
        g.released(i * 0.2 + 0.05)
    assert g.due(2.0) is Command.NEXT


@pytest.fixture
def button() -> Iterator[tuple[ButtonRemote, Controls, MockFactory]]:
    factory = MockFactory()
    controls = Controls()
    # a wide gap, so a busy machine cannot split a double press in two
    remote = ButtonRemote(controls, PIN, pin_factory=factory, gap_s=1.0, long_s=0.5)
    yield remote, controls, factory
    remote.close()
    factory.close()


def _press(factory: MockFactory, times: int) -> None:
    pin = factory.pin(PIN)
    for _ in range(times):
        pin.drive_low()  # pulled up: pressed is low
        time.sleep(0.05)
        pin.drive_high()
        time.sleep(0.05)


def _next_command(controls: Controls, timeout_s: float = 5.0) -> Command | None:
    press = controls.wait(timeout_s)
    return None if press is None else press.command


@pytest.mark.parametrize(
    ("times", "command"),
    [(1, Command.PLAY_PAUSE), (2, Command.STATUS), (3, Command.NEXT)],
)
def test_presses_on_the_mock_pin_reach_the_controls(
    button: tuple[ButtonRemote, Controls, MockFactory], times: int, command: Command
) -> None:
    _, controls, factory = button
    _press(factory, times)
    assert _next_command(controls) is command
    assert controls.wait(1.5) is None  # one command for the run of presses


def test_holding_the_button_stops(button: tuple[ButtonRemote, Controls, MockFactory]) -> None:
    _, controls, factory = button
    pin = factory.pin(PIN)
    pin.drive_low()
    try:
        assert _next_command(controls) is Command.STOP
    finally:
        pin.drive_high()
    assert controls.wait(1.5) is None  # the release after a hold is not a press
