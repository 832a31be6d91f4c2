"""The clicks with music: what the coach wants, and whether the music carries the beat."""

from __future__ import annotations

import pytest

from cadence_coach.session.music import CLICKS_UNDER_MUSIC, click_level


@pytest.mark.parametrize(
    ("wanted", "corrective", "faded", "carrying", "level"),
    [
        (False, False, False, True, 0.0),  # the coach wants no beat
        (True, False, False, False, 1.0),  # no music: the clicks as always
        (True, False, True, False, 1.0),  # faded, no track fits: the clicks keep the beat
        (True, False, True, True, 0.0),  # faded: the music carries the beat alone
        (True, True, True, True, 1.0),  # drift: the clicks come back in full
        (True, False, False, True, CLICKS_UNDER_MUSIC),  # metronome on: softer, over it
    ],
)
def test_click_level(
    wanted: bool, corrective: bool, faded: bool, carrying: bool, level: float
) -> None:
    assert (
        click_level(wanted=wanted, corrective=corrective, faded=faded, carrying=carrying) == level
    )
