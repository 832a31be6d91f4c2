"""Parsers for the values runners type: tempi, durations, volumes. Pure; no I/O."""

from __future__ import annotations

import re
from fractions import Fraction

from cadence_coach.errors import BadValue

MIN_BPM = Fraction(20)
MAX_BPM = Fraction(300)

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(min|sec|h|m|s)?", re.IGNORECASE)
_SECONDS_PER_UNIT = {"h": 3600, "m": 60, "min": 60, "s": 1, "sec": 1, None: 1}


def parse_bpm(text: str | float | int | Fraction) -> Fraction:
    """Return a tempo in beats (steps) per minute as an exact fraction.

    Accepts integers and decimals (``"171.5"``). Kept exact so that beat positions can be
    computed in integer arithmetic with no rounding drift.
    """
    try:
        bpm = Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        raise BadValue(f"tempo must be a number of beats per minute, not {text!r}") from None
    if not MIN_BPM <= bpm <= MAX_BPM:
        raise BadValue(
            f"tempo {float(bpm):g} is outside {int(MIN_BPM)}-{int(MAX_BPM)} beats per minute"
        )
    # A decimal typed by a person never needs more than this; it keeps integer maths small.
    return bpm.limit_denominator(10_000)


def parse_duration(text: str | float | int) -> float:
    """Return seconds from ``"90"``, ``"90s"``, ``"10m"``, ``"1h"``, ``"1m30s"`` or ``"2.5min"``."""
    raw = str(text).strip()
    if not raw:
        raise BadValue("duration is empty; use e.g. 90s, 10m or 1h")
    if raw.startswith("-"):
        raise BadValue(f"duration {raw!r} must be longer than zero")
    pos = 0
    total = 0.0
    while pos < len(raw):
        match = _DURATION_PART.match(raw, pos)
        if match is None or match.end() == pos:
            raise BadValue(f"duration {raw!r} is not understood; use e.g. 90s, 10m, 1h or 1m30s")
        unit = match.group(2).lower() if match.group(2) else None
        total += float(match.group(1)) * _SECONDS_PER_UNIT[unit]
        pos = match.end()
        while pos < len(raw) and raw[pos] == " ":
            pos += 1
    if total <= 0:
        raise BadValue(f"duration {raw!r} must be longer than zero")
    return total


def parse_volume(text: str | float | int) -> float:
    """Return a linear gain in 0..1 from ``"0.8"`` or ``"80%"``."""
    raw = str(text).strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise BadValue(f"volume must be 0..1 or a percentage, not {text!r}") from None
    if not 0 <= value <= 1:
        raise BadValue(f"volume {raw} is outside 0..1 (0%..100%)")
    return value


def format_duration(seconds: float) -> str:
    """Format seconds the way runners read a clock: ``4:05``, ``1:02:03``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
