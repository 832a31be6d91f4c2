"""Which tracks fit a target, and the time map that lays a track's beats on the grid."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cadence_coach.audio.beats import BeatGrid
from cadence_coach.music.beatmap import Fit, fit, grid_rate, time_map


@pytest.mark.parametrize(
    ("tempo", "target", "per_beat"),
    [
        (160.0, 172.0, Fraction(1)),  # +7.5 %: as played
        (80.0, 172.0, Fraction(2)),  # a half-time track: two steps to its beat
        (340.0, 172.0, Fraction(1, 2)),  # a double-time one: a step every other beat
        (172.0 / 1.08, 172.0, Fraction(1)),  # just inside 8 %
        (172.0 * 1.08, 172.0, Fraction(1)),
    ],
)
def test_a_track_fits_at_its_tempo_half_or_double(
    tempo: float, target: float, per_beat: Fraction
) -> None:
    found = fit(tempo, target)
    assert found is not None
    assert found.per_beat == per_beat
    assert tempo * float(per_beat) * found.stretch == pytest.approx(target)


@pytest.mark.parametrize(("tempo", "target"), [(120.0, 172.0), (158.0, 172.0), (187.0, 172.0)])
def test_a_track_more_than_8_percent_away_fits_not(tempo: float, target: float) -> None:
    assert fit(tempo, target) is None


def test_the_closest_of_the_three_is_chosen() -> None:
    assert fit(90.0, 172.0) == Fit(Fraction(2), 172.0 / 180.0)


def test_grid_rate_halves_and_doubles_the_beats() -> None:
    beats = (1.0, 2.0, 3.0, 4.0, 5.0)
    assert grid_rate(beats, Fraction(1)) == beats
    assert grid_rate(beats, Fraction(2)) == (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
    assert grid_rate(beats, Fraction(1, 2)) == (1.0, 3.0, 5.0)


def test_the_map_puts_each_beat_where_the_grid_does() -> None:
    """A piece's beats, counted from its first, fall on the very samples a grid at the
    same tempo gives its beats: a piece queued on a grid beat stays on the grid."""
    fs, bpm = 48_000, Fraction(172)
    beats = tuple(0.5 + 0.371 * k + 0.002 * (k % 3) for k in range(40))  # uneven, like music
    tmap = time_map(beats, 5, 30, bpm, fs)
    grid = BeatGrid(fs, bpm, start=0)
    positions = []
    for _ in range(33):
        positions.append(grid.next_beat)
        grid.advance()
    assert [out for _, out in tmap.points] == positions[:33]
    assert tmap.lead == positions[1]
    assert tmap.length == positions[31]
    assert tmap.out_frames == positions[32]
    # The source side: the beat before the first, then each beat, from the excerpt's start.
    assert tmap.src_start == round(beats[4] * fs)
    assert [src for src, _ in tmap.points] == [round(b * fs) - tmap.src_start for b in beats[4:37]]


@pytest.mark.parametrize(("first", "count"), [(0, 10), (5, 34), (5, 0)])
def test_a_map_needs_a_beat_either_side(first: int, count: int) -> None:
    beats = tuple(0.4 * k for k in range(40))
    with pytest.raises(ValueError, match="a beat either side"):
        time_map(beats, first, count, Fraction(170), 48_000)
