"""Parsers for the values runners type: tempi, durations, volumes. Pure; no I/O."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from cadence_coach.errors import BadValue

MIN_BPM = Fraction(20)
MAX_BPM = Fraction(300)

_DURATION_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(min|sec|h|m|s)?\s*", re.IGNORECASE)
_UNITS = {"h": 3600, "m": 60, "min": 60, "s": 1, "sec": 1}
MIN_DURATION_S = 1.0
MAX_DURATION_S = 24 * 3600
"""The longest duration typed (a day)."""
DURATION_FORMS = "90s, 10m, 1h, 1m30s, 1h30 (an hour and a half) or 2.5min"


def parse_bpm(text: str | float | int | Fraction) -> Fraction:
    """Return a tempo in beats (steps) per minute as an exact fraction.

    Accepts integers and decimals (``"171.5"``). Kept exact so that beat positions can be
    computed in integer arithmetic with no rounding drift.
    """
    raw = str(text).strip()
    try:
        bpm = Fraction(raw) if len(raw) <= 20 else Fraction(-1)
    except (ValueError, ZeroDivisionError):
        raise BadValue(f"tempo must be a number of beats per minute, not {text!r}") from None
    if not MIN_BPM <= bpm <= MAX_BPM:
        raise BadValue(
            f"tempo {raw[:20]} is outside {int(MIN_BPM)}-{int(MAX_BPM)} beats per minute"
        )
    # A decimal typed by a person never needs more than this; it keeps integer maths small.
    return bpm.limit_denominator(10_000)


def parse_duration(text: str) -> float:
    """Seconds from ``90s``, ``10m``, ``1h``, ``1m30s``, ``2.5min``; a number after hours is
    minutes (``1h30``) and after minutes is seconds (``1m30``). A bare number has no unit and
    is refused, as are units out of order or twice, and anything under a second or over a
    day."""
    raw = str(text).strip()
    if not raw or len(raw) > 40:
        raise BadValue(f"duration {raw[:40]!r} is not understood; use e.g. {DURATION_FORMS}")
    total, pos, last = 0.0, 0, float("inf")
    while pos < len(raw):
        match = _DURATION_PART.match(raw, pos)
        if match is None:
            raise BadValue(f"duration {raw!r} is not understood; use e.g. {DURATION_FORMS}")
        scale = _scale(raw, match.group(2), last)
        if scale >= last:
            raise BadValue(f"duration {raw!r}: hours, then minutes, then seconds, each once")
        total += float(match.group(1)) * scale
        last, pos = scale, match.end()
    if not MIN_DURATION_S <= total <= MAX_DURATION_S:
        raise BadValue(f"duration {raw!r} must be from 1 second to 24 hours")
    return total


def _scale(raw: str, unit: str | None, last: float) -> float:
    """Seconds per unit; a number with none is the unit below the last (1h30, 1m30)."""
    if unit is not None:
        return _UNITS[unit.lower()]
    if last in (3600, 60):
        return last / 60
    if last == float("inf") and re.fullmatch(r"\d+(\.\d+)?", raw):
        raise BadValue(f"duration {raw!r} needs a unit: {raw}s, {raw}m or {raw}h")
    raise BadValue(f"duration {raw!r} is not understood; use e.g. {DURATION_FORMS}")


def parse_volume(text: str | float | int) -> float:
    """Return a linear gain in 0..1 from ``"0.8"`` or ``"80%"``."""
    raw = str(text).strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise BadValue(f"volume must be 0..1 or a percentage, not {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise BadValue(f"volume {raw} is outside 0..1 (0%..100%)")
    return value


def format_duration(seconds: float) -> str:
    """Format seconds the way runners read a clock: ``4:05``, ``1:02:03``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_zone(lo: float, hi: float) -> str:
    """A zone as every view and summary writes it: ``166.8-177.2`` (to 0.1 spm)."""
    return f"{round(lo, 1):g}-{round(hi, 1):g}"


def finite(value: float, what: str, low: float, high: float) -> float:
    """``value`` if it is a number from ``low`` to ``high``; NaN and infinities are refused."""
    if not math.isfinite(value) or not low <= value <= high:
        raise BadValue(f"{what} {value:g} is outside {low:g}-{high:g}")
    return value


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters, line and paragraph separators, and the bidirectional overrides: none
belongs in a one-line name or cue, and printed raw they can move the cursor or recolour the
terminal."""


def check_text(text: str, what: str, longest: int, *, lines: bool = False) -> str:
    """``text`` stripped, if it is one line (several with ``lines``) of at most ``longest``
    characters with no control character; :class:`BadValue` saying which rule it breaks."""
    stripped = text.strip()
    if not stripped:
        raise BadValue(f"{what} is empty")
    if len(stripped) > longest:
        raise BadValue(f"{what} is {len(stripped)} characters long; at most {longest}")
    found = _CONTROL.search(stripped.replace("\n", " ") if lines else stripped)
    if found is not None:
        kind = "plain text" if lines else "plain text on one line"
        raise BadValue(f"{what} holds a control character ({printable(found.group())}); {kind}")
    return stripped


def printable(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``, ``\\n``), so
    that nothing printed can drive the terminal."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
