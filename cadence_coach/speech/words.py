"""Numbers, durations, distances and announcements in words, as a runner hears them. Pure."""

from __future__ import annotations

from cadence_coach.coaching.actions import SegmentResult
from cadence_coach.coaching.segments import Segment
from cadence_coach.errors import BadValue

_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _below_100(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")


def say_number(n: int) -> str:
    """Spell a cadence or heart rate as runners say it: 172 "one seventy two",
    180 "one eighty", 105 "one oh five", 100 "one hundred", 98 "ninety eight"."""
    if not 0 <= n < 1000:
        raise BadValue(f"cannot say {n}: numbers from 0 to 999 only")
    if n < 100:
        return _below_100(n)
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return f"{_ONES[hundreds]} hundred"
    if rest < 10:
        return f"{_ONES[hundreds]} oh {_ONES[rest]}"
    return f"{_ONES[hundreds]} {_below_100(rest)}"


def say_duration(seconds: float) -> str:
    """Words for a duration: "two minutes", "one minute thirty", and seconds where that
    reads better: "forty five seconds", "seventy five seconds"."""
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes == 0 or (minutes == 1 and secs and total < 120 and secs % 30):
        return f"{say_number(total)} seconds"
    words = "one minute" if minutes == 1 else f"{say_number(minutes)} minutes"
    return f"{words} {say_number(secs)}" if secs else words


def say_distance(metres: float) -> str:
    """Words for a distance: "four hundred metres", "one kilometre", "two point five
    kilometres"."""
    m = round(metres)
    if m < 1000:
        return f"{say_number(m)} metres"
    km, rest = divmod(m, 1000)
    unit = "kilometre" if km == 1 else "kilometres"
    if rest == 0:
        return f"{say_number(km)} {unit}"
    if rest % 100 == 0:
        return f"{say_number(km)} point {say_number(rest // 100)} kilometres"
    return f"{say_number(km)} {unit} {say_number(rest)} metres"


def announcement(seg: Segment) -> str:
    """What the coach says as a segment starts: what it is, how long, where in the set."""
    length = (
        say_duration(seg.duration_s) if seg.distance_m is None else say_distance(seg.distance_m)
    )
    parts = [f"{seg.name}, {length}"]
    if seg.interval is not None:
        parts.append(f"Interval {seg.interval[0]} of {seg.interval[1]}")
    if seg.cue:
        parts.append(seg.cue)
    return ". ".join(parts)


def segment_result(result: SegmentResult) -> str:
    """One line at the end of a running segment: "Average one seventy, in zone 85 percent"."""
    return (
        f"Average {say_number(result.mean_spm)}, in zone {say_number(result.in_zone_pct)} percent. "
    )


def distance_to_go(metres: float) -> str:
    return f"{say_distance(metres).capitalize()} to go"
