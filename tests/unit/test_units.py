"""Parsers for tempi, durations and volumes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cadence_coach.errors import BadValue, CoachError
from cadence_coach.units import format_duration, parse_bpm, parse_duration, parse_volume


@pytest.mark.parametrize(
    ("text", "bpm"),
    [("170", Fraction(170)), ("171.5", Fraction(343, 2)), (" 171.3 ", Fraction(1713, 10))],
)
def test_bpm_is_exact(text: str, bpm: Fraction) -> None:
    assert parse_bpm(text) == bpm


@pytest.mark.parametrize("text", ["0", "-170", "abc", "", "19.99", "300.5", "nan", "inf", "1/0"])
def test_bpm_rejects(text: str) -> None:
    with pytest.raises(BadValue) as info:
        parse_bpm(text)
    assert isinstance(info.value, CoachError)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90.0),
        ("10m", 600.0),
        ("2.5min", 150.0),
        ("1h", 3600.0),
        ("1m30s", 90.0),
        ("1h 2m 3s", 3723.0),
        ("1h30", 5400.0),  # after hours, a number is minutes...
        ("1h30m", 5400.0),
        ("1m30", 90.0),  # ...and after minutes, seconds
        ("24h", 86400.0),
    ],
)
def test_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5", "duration '5' needs a unit: 5s, 5m or 5h"),
        ("90", "needs a unit"),
        ("-1m", "not understood"),
        ("0s", "from 1 second to 24 hours"),
        ("0.0001s", "from 1 second to 24 hours"),
        ("25h", "from 1 second to 24 hours"),
        ("99999999999h", "from 1 second to 24 hours"),
        ("9" * 400 + "s", "not understood"),
        ("1h1h", "hours, then minutes, then seconds, each once"),
        ("30m1h", "hours, then minutes, then seconds"),
        ("1s30", "not understood"),
        ("", "not understood"),
        ("ten", "not understood"),
        ("inf", "not understood"),
        ("nan", "not understood"),
        ("5m-3s", "not understood"),
    ],
)
def test_duration_rejects(text: str, message: str) -> None:
    with pytest.raises(BadValue, match=message) as err:
        parse_duration(text)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("text", "gain"), [("0.8", 0.8), ("80%", 0.8), ("0", 0.0), ("1", 1.0)])
def test_volume(text: str, gain: float) -> None:
    assert parse_volume(text) == pytest.approx(gain)


@pytest.mark.parametrize("text", ["1.5", "-0.1", "120%", "loud"])
def test_volume_rejects(text: str) -> None:
    with pytest.raises(BadValue):
        parse_volume(text)


@pytest.mark.parametrize(("seconds", "text"), [(5, "0:05"), (245, "4:05"), (3723, "1:02:03")])
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
