"""Beat maths: exact positions, computed here independently from the definitions."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence_coach.audio.beats import make_change, round_half_up
from tests.support.beats import FS, ideal, ramp


@pytest.mark.parametrize("bpm", ["40", "60.5", "120", "171.3", "171.5", "180", "239.99", "240"])
@pytest.mark.parametrize("fs", [44_100, 48_000])
def test_constant_tempo_matches_definition(bpm: str, fs: int) -> None:
    tempo = Fraction(bpm)
    beats_per_hour = int(tempo * 60)
    ks = [*range(50), *range(beats_per_hour - 50, beats_per_hour + 1)]
    change = make_change(tempo, fs, serial=0)
    assert [change.offset(k) for k in ks] == [ideal(k, tempo, fs) for k in ks]


def test_ramp_follows_linear_tempo_steps() -> None:
    a, b, n = Fraction(164), Fraction(172), 8
    change = make_change(b, FS, ramp_beats=n, from_bpm=a, serial=1)
    assert [change.offset(j) for j in range(n + 1)] == ramp(a, b, n)
    assert change.ramp_tempi[0] == a + (b - a) / n
    assert change.ramp_tempi[-1] == b
    # After the ramp the tempo holds at b, counted from the ramp's last beat.
    last = change.offset(n)
    after = range(1, 200)
    assert [change.offset(n + k) for k in after] == [last + ideal(k, b) for k in after]


def test_ramp_needs_its_start_tempo() -> None:
    with pytest.raises(ValueError, match="starts from"):
        make_change(Fraction(170), FS, ramp_beats=4, serial=0)
    with pytest.raises(ValueError, match="zero or more"):
        make_change(Fraction(170), FS, ramp_beats=-1, from_bpm=Fraction(160), serial=0)


@given(st.integers(0, 10**9), st.integers(1, 10**6))
def test_round_half_up(num: int, den: int) -> None:
    x = Fraction(num, den)
    got = round_half_up(x)
    assert got - Fraction(1, 2) <= x < got + Fraction(1, 2)
