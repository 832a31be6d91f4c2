"""A session plan: its steps before targets are known, compiled to the coach's segments once
the habitual cadence is. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from cadence_coach.coaching.segments import MetronomeMode, Segment, SegmentKind
from cadence_coach.coaching.targets import resolve_zone
from cadence_coach.errors import BadValue, CoachError
from cadence_coach.units import format_duration, printable

UNCOACHED_TEMPO_SPM = 170.0
"""The tempo of a metronome no one is held to, when no habitual cadence is known."""


class PlanError(CoachError, ValueError):
    """Raised for a plan that cannot run; the message names the file and the key path."""

    def __init__(self, path: str, where: str, message: str) -> None:
        line = f"{path}: {where}: {message}" if where else f"{path}: {message}"
        super().__init__(printable(line))  # a key or a file name may hold anything
        self.path = path
        self.where = where


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One segment of a plan before targets are known (they need the habitual cadence)."""

    kind: SegmentKind
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
    listen: bool = False
    """``feedback = false``: on the runner's own, the coach only listens."""


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
    coached = step.target != "none"
    if step.target == "none":
        target = habitual or UNCOACHED_TEMPO_SPM
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
        coached=coached and step.kind.running,
        cue=step.cue,
        cues=step.cues,
        interval=step.interval,
        timeline=True,
        distance_m=step.distance_m,
        listen=step.listen,
    )
