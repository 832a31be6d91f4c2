"""Plans from TOML files (tomllib), validated. Pure but for reading the file.

A plan has a ``name``, a ``description``, optional ``[defaults]`` and an ordered list of
``[[segment]]`` tables; a segment with ``times`` and ``segments`` is a repeat block. Every
mistake is one precise line: the file, the key path (``segment[3].duration``), what was
wrong and what is allowed. Nothing starts on a bad plan.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

from cadence_coach.coaching.segments import MetronomeMode, SegmentKind
from cadence_coach.coaching.targets import check_spm, parse_boost, parse_zone
from cadence_coach.errors import BadValue
from cadence_coach.plans.files import read_toml
from cadence_coach.plans.files import toml_value as shown
from cadence_coach.plans.model import Plan, PlanError, PlanStep
from cadence_coach.units import MAX_DURATION_S, check_text, format_duration, parse_duration

KINDS = tuple(kind.value for kind in SegmentKind)
SEGMENT_KEYS = {
    "kind", "duration", "distance", "target", "zone", "metronome", "name", "cue", "cues",
    "feedback",
}  # fmt: skip
REPEAT_KEYS = {"times", "segments"}
QUIET_KINDS = (SegmentKind.WALK, SegmentKind.DRILL, SegmentKind.COOLDOWN)
"""Kinds whose metronome is off unless the plan says otherwise."""
DEFAULT_KEYS = {"zone", "metronome", "grace", "boost", "pace"}
MAX_TIMES = 100
MAX_SEGMENTS = 500
"""Segments in a plan, repeats counted."""
MAX_PLAN_S = 6 * 3600
MAX_CUES_PER_SEGMENT = 20
MAX_CUES = 500
"""Timed cues in a plan, repeats counted."""
MAX_GRACE_S = 120.0
"""Longer, and a segment would pass with no cue at all."""
MAX_NAME = 80
"""Characters in a plan's or a segment's name."""
MAX_CUE = 200
"""Characters in a cue: about thirty words, said in ten seconds."""
MAX_DESCRIPTION = 1000
LARGEST = 10**9
"""No number in a plan is larger; beyond it, a number is refused before any arithmetic."""


def load_plan(path: Path) -> Plan:
    """Read and validate a plan file; raise :class:`PlanError` naming what is wrong."""
    return parse_plan(read_toml(path), str(path))


def parse_plan(data: dict[str, Any], source: str) -> Plan:
    """Validate a plan already read from TOML."""
    _only(data, {"name", "description", "defaults", "segment"}, "", source)
    name = _text(data, "name", "", source, required=True) or ""
    description = _text(data, "description", "", source, longest=MAX_DESCRIPTION) or ""
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise PlanError(source, "defaults", "must be a table ([defaults])")
    _only(defaults, DEFAULT_KEYS, "defaults", source)
    zone = _zone(defaults.get("zone", "3%"), "defaults.zone", source)
    metronome = _metronome(defaults.get("metronome", "on"), "defaults.metronome", source)
    grace = _grace(defaults.get("grace", "10s"), source)
    boost = _boost(defaults.get("boost", "5%"), "defaults.boost", source)
    pace = _pace(defaults.get("pace", "6:00/km"), "defaults.pace", source)
    segments = data.get("segment")
    if not isinstance(segments, list) or not segments:
        raise PlanError(source, "segment", "a plan needs at least one [[segment]]")
    _at_most(segments, MAX_SEGMENTS, "segment", source, "segments")
    steps: list[PlanStep] = []
    for i, table in enumerate(segments):
        steps += _entry(table, f"segment[{i + 1}]", source, zone, metronome, pace)
        if len(steps) > MAX_SEGMENTS:
            raise PlanError(source, f"segment[{i + 1}]", _too_many(MAX_SEGMENTS, "segments"))
    _bounded(steps, source)
    return Plan(name, description, tuple(steps), grace, boost, source)


def _bounded(steps: list[PlanStep], source: str) -> None:
    """A whole plan within :data:`MAX_PLAN_S` and :data:`MAX_CUES`, repeats counted."""
    total = sum(s.duration_s for s in steps)
    if total > MAX_PLAN_S:
        raise PlanError(source, "", f"lasts {format_duration(total)}; at most 6 hours")
    cues = sum(len(s.cues) for s in steps)
    if cues > MAX_CUES:
        raise PlanError(source, "", f"{cues} timed cues, repeats counted; at most {MAX_CUES}")


def _too_many(most: int, what: str) -> str:
    return f"more than {most} {what}, repeats counted"


def _at_most(items: list[Any], most: int, where: str, source: str, what: str) -> None:
    """Refuse a list longer than ``most`` before any of it is validated."""
    if len(items) > most:
        raise PlanError(source, where, f"{len(items)} {what}; at most {most}")


def _grace(value: Any, source: str) -> float:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    too_long = number and not 0 <= value <= MAX_GRACE_S  # NaN too
    grace = MAX_GRACE_S + 1 if too_long else _seconds(value, "defaults.grace", source, True)
    if grace > MAX_GRACE_S:
        raise PlanError(
            source, "defaults.grace", f"{shown(value)}: from 0 to {MAX_GRACE_S:g} s (longer, "
            "and no cue would come in a short segment)"
        )  # fmt: skip
    return grace


def _entry(
    table: Any, where: str, source: str, zone: str, metronome: MetronomeMode, pace: float
) -> list[PlanStep]:
    if not isinstance(table, dict):
        raise PlanError(source, where, "must be a table")
    if "times" in table or "segments" in table:
        _only(table, REPEAT_KEYS, where, source)
        times = table.get("times")
        if not isinstance(times, int) or isinstance(times, bool) or not 1 <= times <= MAX_TIMES:
            raise PlanError(
                source,
                f"{where}.times",
                f"must be a whole number from 1 to {MAX_TIMES}, not {shown(times)}",
            )
        inner = table.get("segments")
        if not isinstance(inner, list) or not inner:
            raise PlanError(source, f"{where}.segments", "a repeat block needs segments to repeat")
        if times * len(inner) > MAX_SEGMENTS:
            raise PlanError(source, where, _too_many(MAX_SEGMENTS, "segments"))
        block: list[PlanStep] = []
        for j, sub in enumerate(inner):
            if isinstance(sub, dict) and ("times" in sub or "segments" in sub):
                raise PlanError(source, f"{where}.segments[{j + 1}]", "repeat blocks do not nest")
            block += _entry(sub, f"{where}.segments[{j + 1}]", source, zone, metronome, pace)
        running = sum(1 for s in block if s.kind.running)
        out = []
        for n in range(times):
            for k, step in enumerate(block):
                index = n * running + sum(1 for s in block[:k] if s.kind.running) + 1
                interval = (index, times * running) if step.kind.running else None
                out.append(_with_interval(step, interval))
        return out
    _only(table, SEGMENT_KEYS, where, source)
    if table.get("kind") not in KINDS:
        raise PlanError(
            source, f"{where}.kind", f"{shown(table.get('kind'))} is not one of {', '.join(KINDS)}"
        )
    kind = SegmentKind(table["kind"])
    distance = None
    if "distance" in table:
        if "duration" in table:
            raise PlanError(source, f"{where}.distance", "give a duration or a distance, not both")
        distance = _metres(table["distance"], f"{where}.distance", source)
        duration = distance / 1000 * pace
    else:
        duration = _seconds(table.get("duration"), f"{where}.duration", source)
    if "target" in table:
        target = _target(table["target"], f"{where}.target", source)
    else:
        target = "boost" if kind.running else "none"
    seg_zone = _zone(table.get("zone", zone), f"{where}.zone", source)
    default_metronome = MetronomeMode.OFF if kind in QUIET_KINDS else metronome
    mode = _metronome(table.get("metronome", default_metronome.value), f"{where}.metronome", source)
    label = _text(table, "name", where, source) or kind.value.replace("-", " ").capitalize()
    cue = _text(table, "cue", where, source, longest=MAX_CUE)
    cues = _timed_cues(table.get("cues", []), f"{where}.cues", source, duration)
    listen = not _feedback(table, kind, where, source)
    step = PlanStep(kind, duration, target, seg_zone, mode, label, cue, cues, None, distance)
    return [dataclasses.replace(step, listen=listen)]


def _feedback(table: dict[str, Any], kind: SegmentKind, where: str, source: str) -> bool:
    """``feedback = false``: a running segment on the runner's own, no beat and no cues."""
    value = table.get("feedback", True)
    if not isinstance(value, bool):
        raise PlanError(source, f"{where}.feedback", f"{shown(value)}: true or false")
    if not value and not kind.running:
        raise PlanError(source, f"{where}.feedback", "only a running segment can go without")
    return value


def _with_interval(step: PlanStep, interval: tuple[int, int] | None) -> PlanStep:
    return dataclasses.replace(step, interval=interval)


def _metres(value: Any, where: str, source: str) -> float:
    """``"400m"``, ``"1km"``, ``"1.5km"`` or a number of metres: 10 m to 50 km."""
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(value) if abs(value) <= LARGEST else ""
    scale = 1.0
    if text.endswith("km"):
        text, scale = text[:-2], 1000.0
    elif text.endswith("m"):
        text = text[:-1]
    try:
        metres = float(text) * scale
    except ValueError:
        metres = -1.0
    if not 10 <= metres <= 50_000:  # NaN too
        raise PlanError(
            source, where, f'{shown(value)}: a distance from 10 m to 50 km, like "400m"'
        )
    return metres


def _pace(value: Any, where: str, source: str) -> float:
    """``"6:00/km"`` (or ``"6:00"``): seconds per kilometre, 2:30 to 15:00."""
    text = value.strip().removesuffix("/km") if isinstance(value, str) else ""
    minutes, _, seconds = text.partition(":")
    try:
        per_km = int(minutes) * 60 + int(seconds)
    except ValueError:
        per_km = -1
    if not 150 <= per_km <= 900 or len(seconds) != 2:
        raise PlanError(
            source, where, f'{shown(value)}: a pace from 2:30 to 15:00 per km, like "6:00/km"'
        )
    return float(per_km)


def _only(table: dict[str, Any], allowed: set[str], where: str, source: str) -> None:
    for key in table:
        if key not in allowed:
            name = key if len(key) <= 40 else key[:37] + "..."
            path = f"{where}.{name}" if where else name
            raise PlanError(source, path, f"unknown key; allowed: {', '.join(sorted(allowed))}")


def _text(
    table: dict[str, Any],
    key: str,
    where: str,
    source: str,
    *,
    required: bool = False,
    longest: int = MAX_NAME,
) -> str | None:
    """A name, cue or description: one line of plain text, at most ``longest`` long."""
    path = f"{where}.{key}" if where else key
    value = table.get(key)
    if value is None:
        if required:
            raise PlanError(source, path, "is missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise PlanError(source, path, f"must be a non-empty string, not {shown(value)}")
    try:
        return check_text(value, "it", longest, lines=longest == MAX_DESCRIPTION)
    except BadValue as err:
        raise PlanError(source, path, str(err).removeprefix("it ")) from None


def _seconds(value: Any, where: str, source: str, allow_zero: bool = False) -> float:
    if value is None:
        raise PlanError(source, where, 'is missing (e.g. "90s" or "10m")')
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PlanError(source, where, 'must be a duration like "90s", "10m" or seconds')
    if allow_zero and value in (0, "0", "0s"):
        return 0.0
    if isinstance(value, (int, float)):  # TOML numbers are seconds
        if not 1 <= value <= MAX_DURATION_S:  # NaN too, and before any arithmetic
            raise PlanError(source, where, f"{shown(value)} seconds: from 1 s to 24 hours")
        return float(value)
    try:
        return parse_duration(value)
    except BadValue as err:
        raise PlanError(source, where, str(err)) from None


TARGET_FORMS = 'a cadence (172), "habitual", "habitual+5%" or "none"'


def _target(value: Any, where: str, source: str) -> str:
    if isinstance(value, bool):
        raise PlanError(source, where, f"{shown(value)} must be {TARGET_FORMS}")
    if isinstance(value, (int, float)):
        if not -LARGEST <= value <= LARGEST:  # NaN too
            raise PlanError(source, where, f"{shown(value)} must be {TARGET_FORMS}")
        try:
            check_spm(float(value), "target")
        except BadValue as err:
            raise PlanError(source, where, str(err)) from None
        return str(float(value))
    if isinstance(value, str):
        text = value.replace(" ", "").lower()
        if text in ("none", "habitual"):
            return text
        if _is_number(text):
            raise PlanError(
                source, where, f"a cadence is a number, not a string: target = {text}, "
                f"not {shown(value)}"
            )  # fmt: skip
        if text.startswith("habitual+") and text.endswith("%"):
            try:
                boost = float(text[len("habitual+") : -1])
            except ValueError:
                boost = -1.0
            if 0 <= boost <= 15:
                return text
            raise PlanError(source, where, f"{shown(value)}: the boost must be 0-15%")
    raise PlanError(source, where, f"{shown(value)} must be {TARGET_FORMS}")


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _zone(value: Any, where: str, source: str) -> str:
    if not isinstance(value, str):
        raise PlanError(source, where, 'must be a string like "3%" or "168-176"')
    try:
        parse_zone(value)  # whether it holds each segment's target is checked when compiled
    except BadValue as err:
        raise PlanError(source, where, str(err)) from None
    return value


def _metronome(value: Any, where: str, source: str) -> MetronomeMode:
    try:
        return MetronomeMode(value)
    except ValueError:
        raise PlanError(source, where, f"{shown(value)} is not one of on, off, faded") from None


def _boost(value: Any, where: str, source: str) -> str:
    if not isinstance(value, str):
        raise PlanError(source, where, 'must be a percentage like "5%"')
    try:
        return f"{parse_boost(value) * 100:g}%"
    except BadValue as err:
        raise PlanError(source, where, str(err)) from None


def _timed_cues(
    value: Any, where: str, source: str, duration: float
) -> tuple[tuple[float, str], ...]:
    if not isinstance(value, list):
        raise PlanError(source, where, 'must be a list of { at = "30s", say = "..." }')
    _at_most(value, MAX_CUES_PER_SEGMENT, where, source, "timed cues in one segment")
    out = []
    for i, item in enumerate(value):
        path = f"{where}[{i + 1}]"
        if not isinstance(item, dict):
            raise PlanError(source, path, 'must be a table { at = "30s", say = "..." }')
        _only(item, {"at", "say"}, path, source)
        at = _seconds(item.get("at"), f"{path}.at", source, allow_zero=True)
        if at >= duration:
            raise PlanError(source, f"{path}.at", "falls after the end of its segment")
        say = _text(item, "say", path, source, required=True, longest=MAX_CUE)
        assert say is not None
        out.append((at, say))
    return tuple(sorted(out))
