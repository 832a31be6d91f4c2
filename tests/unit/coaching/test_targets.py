"""Targets and zones from what the runner types."""

from __future__ import annotations

import pytest

from cadence_coach.coaching.targets import resolve_target, resolve_zone
from cadence_coach.errors import BadValue


@pytest.mark.parametrize(
    ("target", "boost", "habitual", "expected"),
    [
        (172.0, None, None, 172.0),
        (None, None, 164.0, 172.2),  # +5 % by default
        (None, "7.5%", 160.0, 172.0),
        (None, "0", 170.0, 170.0),
        (172.0, None, 164.0, 172.0),  # habitual with a target is fine (it feeds the runner)
    ],
)
def test_resolve_target(
    target: float | None, boost: str | None, habitual: float | None, expected: float
) -> None:
    assert resolve_target(target, boost, habitual) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("target", "boost", "habitual", "message"),
    [
        (0.0, None, None, "outside 100-230"),
        (400.0, None, None, "outside 100-230"),
        (None, None, None, "no target"),
        (None, "5%", None, "no target"),
        (172.0, "5%", 164.0, "not both"),
        (None, "20%", 164.0, "rarely beyond 10%"),
        (None, "lots", 164.0, "percentage"),
        (None, None, 30.0, "habitual cadence 30"),
    ],
)
def test_resolve_target_errors(
    target: float | None, boost: str | None, habitual: float | None, message: str
) -> None:
    with pytest.raises(BadValue, match=message):
        resolve_target(target, boost, habitual)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [(None, (166.8, 177.2)), ("2%", (168.6, 175.4)), ("168-176", (168.0, 176.0))],
)
def test_resolve_zone(zone: str | None, expected: tuple[float, float]) -> None:
    assert resolve_zone(zone, 172.0) == expected


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        ("0%", "too narrow: give more than 0% and at most 10% either side"),
        ("nan%", "must be a percentage"),
        ("50%", "too wide: at most 10% either side"),
        ("173-180", "does not contain"),
        ("a-b", "not understood"),
    ],
)
def test_resolve_zone_errors(zone: str, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        resolve_zone(zone, 172.0)
