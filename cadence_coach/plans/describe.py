"""A plan as lines a runner can read (``cadence-coach plans show``). Pure."""

from __future__ import annotations

from cadence_coach.plans.model import Plan
from cadence_coach.sources.simulated import TYPICAL_HABITUAL_SPM
from cadence_coach.units import format_duration

SHOWN_HABITUAL_SPM = TYPICAL_HABITUAL_SPM
"""The habitual cadence a plan's targets are shown for when the runner gives none."""


def timeline(plan: Plan, habitual: float | None) -> list[str]:
    """The plan as lines a runner can read: start, length, what, target, metronome, cues."""
    lines = []
    t = 0.0
    for seg in plan.segments(habitual if habitual is not None else SHOWN_HABITUAL_SPM):
        target = f"{seg.target_spm:g} spm" if seg.coached else "-"
        where = f" ({seg.interval[0]}/{seg.interval[1]})" if seg.interval else ""
        length = format_duration(seg.duration_s)
        if seg.distance_m is not None:
            length = f"{seg.distance_m:g} m (~{length})"
        lines.append(
            f"{format_duration(t):>6}  {length:>5}  "
            f"{seg.kind.value:<9} {seg.name + where:<28} {target:>10}  "
            f"metronome {seg.metronome.value}"
        )
        if seg.cue:
            lines.append(f"{'':>15}cue: {seg.cue}")
        for at, text in seg.cues:
            lines.append(f"{'':>15}at {format_duration(at)}: {text}")
        t += seg.duration_s
    lines.append(f"{format_duration(t):>6}  end")
    return lines
