"""Session plans: TOML files (tomllib) turned into the coach's segments. Pure but for reading.

A plan has a ``name``, a ``description``, optional ``[defaults]`` and an ordered list of
``[[segment]]`` tables; a segment with ``times`` and ``segments`` is a repeat block. Every
mistake is one precise line: the file, the key path (``segment[3].duration``), what was
wrong and what is allowed. Nothing starts on a bad plan.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence_coach.coach import MetronomeMode, Segment
from cadence_coach.errors import BadValue, CoachError
from cadence_coach.targets import check_spm
from cadence_coach.units import format_duration, parse_duration

KINDS = ("warm-up", "run", "walk", "drill", "strides", "hill", "cooldown", "baseline")
RUNNING = ("run", "strides", "hill", "baseline")
"""Kinds whose cadence is coached (a warm-up, drill or cooldown has no drift cues)."""
SEGMENT_KEYS = {
    "kind", "duration", "distance", "target", "zone", "metronome", "name", "cue", "cues",
}  # fmt: skip
REPEAT_KEYS = {"times", "segments"}
DEFAULT_KEYS = {"zone", "metronome", "grace", "boost", "pace"}
MAX_TIMES = 100
MAX_SEGMENTS = 500
MAX_PLAN_S = 6 * 3600


class PlanError(CoachError, ValueError):
    """Raised for a plan that cannot run; the message names the file and the key path."""

    def __init__(self, path: str, where: str, message: str) -> None:
        super().__init__(f"{path}: {where}: {message}" if where else f"{path}: {message}")
        self.path = path
        self.where = where


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One segment of a plan before targets are known (they need the habitual cadence)."""

    kind: str
    duration_s: float
    target: str
    """``none``, ``habitual``, ``habitual+5%``, an absolute ``172``, or ``boost``: the
    habitual cadence plus the plan's boost (a running segment with no target of its own;
    a programme or ``--boost`` may change the boost)."""
    zone: str
    metronome: MetronomeMode
    label: str
    cue: str | None
    cues: tuple[tuple[float, str], ...]
    interval: tuple[int, int] | None
    """``(n, of)`` for the running segments of a repeat block."""
    distance_m: float | None = None
    """A segment that lasts a distance; ``duration_s`` is then the time expected at the
    plan's pace."""


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    description: str
    steps: tuple[PlanStep, ...]
    grace_s: float
    boost: str
    source: str

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.steps)

    @property
    def needs_habitual(self) -> bool:
        return any(s.target.startswith("habitual") or s.target == "boost" for s in self.steps)

    def segments(
        self, habitual: float | None, *, start_at_s: float = 0.0, boost: str | None = None
    ) -> tuple[Segment, ...]:
        """The coach's segments, with targets worked out from ``habitual``; ``boost``
        (``"7.5%"``) replaces the plan's own for segments that do not set a target."""
        if self.needs_habitual and habitual is None:
            raise BadValue(
                f"plan {self.name!r} sets targets from your habitual cadence: give --habitual "
                "SPM (your cadence at an easy pace)"
            )
        out: list[Segment] = []
        elapsed = 0.0
        for step in self.steps:
            start, end = elapsed, elapsed + step.duration_s
            elapsed = end
            if end <= start_at_s:
                continue
            duration = end - max(start, start_at_s)
            try:
                out.append(_segment(step, duration, habitual, boost or self.boost))
            except BadValue as err:  # e.g. a zone range that misses this segment's target
                raise PlanError(self.source, f"segment {step.label!r}", str(err)) from None
        if not out:
            raise BadValue(
                f"--start-at is past the end of the plan ({format_duration(self.duration_s)})"
            )
        return tuple(out)


def _segment(step: PlanStep, duration_s: float, habitual: float | None, boost: str) -> Segment:
    from cadence_coach.targets import resolve_zone

    coached = step.target != "none"
    if step.target == "none":
        target = habitual or 170.0  # only sets the tempo of a metronome no one is held to
    elif step.target.startswith("habitual") or step.target == "boost":
        assert habitual is not None
        if step.target == "boost":
            pct = boost.rstrip("%")
        else:
            pct = step.target[len("habitual") :].strip().rstrip("%") or "0"
        target = round(habitual * (1 + float(pct) / 100), 1)
    else:
        target = float(step.target)
    zone = resolve_zone(step.zone, target)
    return Segment(
        name=step.label,
        duration_s=duration_s,
        target_spm=target,
        zone_spm=zone,
        metronome=step.metronome,
        kind=step.kind,
        coached=coached and step.kind in RUNNING,
        cue=step.cue,
        cues=step.cues,
        interval=step.interval,
        timeline=True,
        distance_m=step.distance_m,
    )


# -- loading ----------------------------------------------------------------------------------


def load_plan(path: Path) -> Plan:
    """Read and validate a plan file; raise :class:`PlanError` naming what is wrong."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise PlanError(where, "", f"cannot read it ({err.strerror or err})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PlanError(where, "", "not a text file (plans are UTF-8 TOML)") from None
    except tomllib.TOMLDecodeError as err:
        raise PlanError(where, "", f"not valid TOML: {err}") from None
    return parse_plan(data, where)


def parse_plan(data: dict[str, Any], source: str) -> Plan:
    """Validate a plan already read from TOML."""
    _only(data, {"name", "description", "defaults", "segment"}, "", source)
    name = _text(data, "name", "", source, required=True) or ""
    description = _text(data, "description", "", source) or ""
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise PlanError(source, "defaults", "must be a table ([defaults])")
    _only(defaults, DEFAULT_KEYS, "defaults", source)
    zone = _zone(defaults.get("zone", "3%"), "defaults.zone", source)
    metronome = _metronome(defaults.get("metronome", "on"), "defaults.metronome", source)
    grace = _seconds(defaults.get("grace", "10s"), "defaults.grace", source, allow_zero=True)
    boost = _boost(defaults.get("boost", "5%"), "defaults.boost", source)
    pace = _pace(defaults.get("pace", "6:00/km"), "defaults.pace", source)
    segments = data.get("segment")
    if not isinstance(segments, list) or not segments:
        raise PlanError(source, "segment", "a plan needs at least one [[segment]]")
    steps: list[PlanStep] = []
    for i, table in enumerate(segments):
        steps += _entry(table, f"segment[{i + 1}]", source, zone, metronome, pace)
        if len(steps) > MAX_SEGMENTS:
            raise PlanError(source, f"segment[{i + 1}]", f"more than {MAX_SEGMENTS} segments")
    total = sum(s.duration_s for s in steps)
    if total > MAX_PLAN_S:
        raise PlanError(source, "", f"lasts {format_duration(total)}; at most 6 hours")
    return Plan(name, description, tuple(steps), grace, boost, source)


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
                source, f"{where}.times", f"must be a whole number from 1 to {MAX_TIMES}"
            )
        inner = table.get("segments")
        if not isinstance(inner, list) or not inner:
            raise PlanError(source, f"{where}.segments", "a repeat block needs segments to repeat")
        block: list[PlanStep] = []
        for j, sub in enumerate(inner):
            if isinstance(sub, dict) and ("times" in sub or "segments" in sub):
                raise PlanError(source, f"{where}.segments[{j + 1}]", "repeat blocks do not nest")
            block += _entry(sub, f"{where}.segments[{j + 1}]", source, zone, metronome, pace)
        running = sum(1 for s in block if s.kind in RUNNING)
        out = []
        for n in range(times):
            for k, step in enumerate(block):
                index = n * running + sum(1 for s in block[:k] if s.kind in RUNNING) + 1
                interval = (index, times * running) if step.kind in RUNNING else None
                out.append(_with_interval(step, interval))
        return out
    _only(table, SEGMENT_KEYS, where, source)
    kind = table.get("kind")
    if kind not in KINDS:
        raise PlanError(source, f"{where}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
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
        target = "boost" if kind in RUNNING else "none"
    seg_zone = _zone(table.get("zone", zone), f"{where}.zone", source)
    default_metronome = MetronomeMode.OFF if kind in ("walk", "drill", "cooldown") else metronome
    mode = _metronome(table.get("metronome", default_metronome.value), f"{where}.metronome", source)
    label = _text(table, "name", where, source) or kind.replace("-", " ").capitalize()
    cue = _text(table, "cue", where, source)
    cues = _timed_cues(table.get("cues", []), f"{where}.cues", source, duration)
    return [PlanStep(kind, duration, target, seg_zone, mode, label, cue, cues, None, distance)]


def _with_interval(step: PlanStep, interval: tuple[int, int] | None) -> PlanStep:
    return dataclasses.replace(step, interval=interval)


def _metres(value: Any, where: str, source: str) -> float:
    """``"400m"``, ``"1km"``, ``"1.5km"`` or a number of metres: 10 m to 50 km."""
    text = str(value).strip().lower() if isinstance(value, (int, float, str)) else ""
    if isinstance(value, bool):
        text = ""
    scale = 1.0
    if text.endswith("km"):
        text, scale = text[:-2], 1000.0
    elif text.endswith("m"):
        text = text[:-1]
    try:
        metres = float(text) * scale
    except ValueError:
        metres = -1.0
    if not 10 <= metres <= 50_000:
        raise PlanError(source, where, f'{value!r}: a distance from 10 m to 50 km, like "400m"')
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
            source, where, f'{value!r}: a pace from 2:30 to 15:00 per km, like "6:00/km"'
        )
    return float(per_km)


def _only(table: dict[str, Any], allowed: set[str], where: str, source: str) -> None:
    for key in table:
        if key not in allowed:
            path = f"{where}.{key}" if where else key
            raise PlanError(source, path, f"unknown key; allowed: {', '.join(sorted(allowed))}")


def _text(
    table: dict[str, Any], key: str, where: str, source: str, *, required: bool = False
) -> str | None:
    path = f"{where}.{key}" if where else key
    value = table.get(key)
    if value is None:
        if required:
            raise PlanError(source, path, "is missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise PlanError(source, path, "must be a non-empty string")
    return value.strip()


def _seconds(value: Any, where: str, source: str, *, allow_zero: bool = False) -> float:
    if value is None:
        raise PlanError(source, where, 'is missing (e.g. "90s" or "10m")')
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PlanError(source, where, 'must be a duration like "90s", "10m" or seconds')
    if allow_zero and value in (0, "0", "0s"):
        return 0.0
    try:
        return parse_duration(value)
    except BadValue as err:
        raise PlanError(source, where, str(err)) from None


def _target(value: Any, where: str, source: str) -> str:
    if isinstance(value, bool):
        raise PlanError(source, where, 'must be a cadence, "habitual", "habitual+5%" or "none"')
    if isinstance(value, (int, float)):
        try:
            check_spm(float(value), "target")
        except BadValue as err:
            raise PlanError(source, where, str(err)) from None
        return str(float(value))
    if isinstance(value, str):
        text = value.replace(" ", "").lower()
        if text in ("none", "habitual"):
            return text
        if text.startswith("habitual+") and text.endswith("%"):
            try:
                boost = float(text[len("habitual+") : -1])
            except ValueError:
                boost = -1.0
            if 0 <= boost <= 15:
                return text
            raise PlanError(source, where, f"{value!r}: the boost must be 0-15%")
    raise PlanError(
        source, where, f'{value!r} must be a cadence, "habitual", "habitual+5%" or "none"'
    )


def _zone(value: Any, where: str, source: str) -> str:
    if not isinstance(value, str):
        raise PlanError(source, where, 'must be a string like "3%" or "168-176"')
    from cadence_coach.targets import parse_zone

    try:
        parse_zone(value)  # whether it holds each segment's target is checked when compiled
    except BadValue as err:
        raise PlanError(source, where, str(err)) from None
    return value


def _metronome(value: Any, where: str, source: str) -> MetronomeMode:
    try:
        return MetronomeMode(value)
    except ValueError:
        raise PlanError(source, where, f"{value!r} is not one of on, off, faded") from None


def _boost(value: Any, where: str, source: str) -> str:
    from cadence_coach.targets import parse_boost

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
    out = []
    for i, item in enumerate(value):
        path = f"{where}[{i + 1}]"
        if not isinstance(item, dict):
            raise PlanError(source, path, 'must be a table { at = "30s", say = "..." }')
        _only(item, {"at", "say"}, path, source)
        at = _seconds(item.get("at"), f"{path}.at", source, allow_zero=True)
        if at >= duration:
            raise PlanError(source, f"{path}.at", "falls after the end of its segment")
        say = _text(item, "say", path, source, required=True)
        assert say is not None
        out.append((at, say))
    return tuple(sorted(out))


# -- finding plans ----------------------------------------------------------------------------


def builtin_dir() -> Path:
    """The built-in plans (``configs/`` in the repository or the installed wheel)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "configs", here.parent / "configs"):
        if candidate.is_dir():
            return candidate
    return here.parent / "configs"


def user_dir() -> Path:
    """Where a runner keeps their own plans (platformdirs' user config directory)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("cadence-coach")) / "plans"


def available() -> dict[str, Path]:
    """Plan names to files: built-in first, a user plan of the same name wins."""
    found: dict[str, Path] = {}
    for folder in (builtin_dir(), user_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def find_plan(name: str) -> Plan:
    """Load a plan by name, or by path when ``name`` is a file."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return load_plan(path)
    plans = available()
    if name not in plans:
        raise BadValue(f"no plan {name!r}; `cadence-coach plans` lists them: {', '.join(plans)}")
    return load_plan(plans[name])


def timeline(plan: Plan, habitual: float | None) -> list[str]:
    """The plan as lines a runner can read: start, length, what, target, metronome, cues."""
    lines = []
    t = 0.0
    for seg in plan.segments(habitual if habitual is not None else 164.0):
        target = f"{seg.target_spm:g} spm" if seg.coached else "-"
        where = f" ({seg.interval[0]}/{seg.interval[1]})" if seg.interval else ""
        length = format_duration(seg.duration_s)
        if seg.distance_m is not None:
            length = f"{seg.distance_m:g} m (~{length})"
        lines.append(
            f"{format_duration(t):>6}  {length:>5}  "
            f"{seg.kind:<9} {seg.name + where:<28} {target:>10}  metronome {seg.metronome.value}"
        )
        if seg.cue:
            lines.append(f"{'':>15}cue: {seg.cue}")
        for at, text in seg.cues:
            lines.append(f"{'':>15}at {format_duration(at)}: {text}")
        t += seg.duration_s
    lines.append(f"{format_duration(t):>6}  end")
    return lines
