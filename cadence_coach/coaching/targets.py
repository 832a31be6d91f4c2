"""Targets and zones from what the runner types. Pure.

The defaults follow the evidence (see docs/coaching.md): a boost of about 5 % over the
runner's own habitual cadence, never beyond about 10 %, and a zone of plus or minus 3 %.
"""

from __future__ import annotations

import math

from cadence_coach.errors import BadValue

MIN_SPM = 100.0
MAX_SPM = 230.0
DEFAULT_BOOST = 0.05
MAX_BOOST = 0.15
DEFAULT_ZONE = 0.03
MAX_ZONE = 0.10


def parse_percent(
    text: str, what: str, low: float = float("-inf"), high: float = float("inf")
) -> float:
    """A percentage as typed (``"5%"`` or ``"5"``), from ``low`` to ``high``: returns 5.0."""
    try:
        pct = float(str(text).strip().removesuffix("%").strip())
    except ValueError:
        raise BadValue(f"{what} must be a percentage like 5%, not {text!r}") from None
    if not math.isfinite(pct):
        raise BadValue(f"{what} must be a percentage like 5%, not {text!r}")
    if not low <= pct <= high:
        raise BadValue(f"{what} {pct:g}% is outside {low:g}-{high:g}%")
    return pct


def parse_boost(text: str) -> float:
    """A boost over the habitual cadence (``"5%"``), as a fraction (0.05)."""
    fraction = parse_percent(text, "boost") / 100
    if not 0 <= fraction <= MAX_BOOST:
        raise BadValue(
            f"boost {fraction:.0%} is outside 0-{MAX_BOOST:.0%}: the evidence supports about "
            "5%, rising in small steps, rarely beyond 10%"
        )
    return fraction


def check_spm(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise BadValue(f"{what} must be a number of steps per minute, not {value:g}")
    if not MIN_SPM <= value <= MAX_SPM:
        raise BadValue(f"{what} {value:g} spm is outside {MIN_SPM:g}-{MAX_SPM:g} steps per minute")
    return value


def resolve_target(target: float | None, boost: str | None, habitual: float | None) -> float:
    """The target cadence: ``--target``, or ``--boost`` over ``--habitual``."""
    if target is not None and boost is not None:
        raise BadValue("give either --target or --boost, not both")
    if target is not None:
        return check_spm(target, "target")
    if habitual is None:
        raise BadValue(
            "no target: give --target SPM, or --habitual SPM (your cadence at an easy pace; "
            "`cadence-coach baseline` measures it) so the coach can add --boost (5% by default)"
        )
    check_spm(habitual, "habitual cadence")
    fraction = DEFAULT_BOOST if boost is None else parse_boost(boost)
    return check_spm(round(habitual * (1 + fraction), 1), "target")


def parse_zone(zone: str) -> float | tuple[float, float]:
    """A zone as typed: a fraction either side (``"3%"`` gives 0.03) or a range
    (``"168-176"``), checked on its own, before any target is known."""
    text = zone.strip()
    if "-" in text.lstrip("-") and not text.endswith("%"):
        lo_text, _, hi_text = text.partition("-")
        try:
            lo, hi = float(lo_text), float(hi_text)
        except ValueError:
            raise BadValue(f"zone {zone!r} is not understood; use e.g. 3% or 168-176") from None
        check_spm(lo, "zone")
        check_spm(hi, "zone")
        if not lo < hi:
            raise BadValue(f"zone {lo:g}-{hi:g} is empty: the low end comes first")
        return lo, hi
    fraction = parse_percent(text, "zone") / 100
    if not 0 < fraction <= MAX_ZONE:
        raise BadValue(
            f"zone {fraction:.0%} is too narrow: give more than 0% and at most "
            f"{MAX_ZONE:.0%} either side (3% is usual), or a range like 168-176"
            if fraction <= 0
            else f"zone {fraction:.0%} is too wide: at most {MAX_ZONE:.0%} either side (3% is "
            "usual), or a range like 168-176"
        )
    return fraction


def resolve_zone(zone: str | None, target: float) -> tuple[float, float]:
    """The zone around ``target``: ``3%`` (either side) or an explicit ``168-176``."""
    parsed = DEFAULT_ZONE if zone is None else parse_zone(zone)
    if isinstance(parsed, tuple):
        lo, hi = parsed
        if not lo < target < hi:
            raise BadValue(f"zone {lo:g}-{hi:g} does not contain the target {target:g}")
        return parsed
    return round(target * (1 - parsed), 1), round(target * (1 + parsed), 1)
