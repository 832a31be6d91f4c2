"""A target the runner cannot reach, stepped down; and up again once the lower one is held.

After :attr:`CoachConfig.step_down_after_s` of coached running mostly under the zone, with
drift cues given and unheeded, the coach offers a lower target ("Let's hold one seventy for
now") and coaches to that: every running segment from then on is scaled by the same factor.
Once the runner holds the lower target for :attr:`CoachConfig.step_up_after_s`, the coach
offers to rise one step again. Each change is marked as an event, so the summary, the
history and the programme see it.
"""

from __future__ import annotations

import dataclasses
from collections import deque

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say, SetTempo
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.segments import CoachConfig, Segment

MOSTLY = 0.8
"""The share of the window under the zone (to step down) or in it (to step up)."""
MIN_CUES = 2
"""Drift cues given since the last change before a step down is offered."""
STEP_FLOOR = 1.02
"""A stepped-down target stays at least 2% above the runner's habitual cadence."""


def stepped_target(target_spm: float, steps_down: int, step_down_pct: float) -> float:
    """``target_spm`` after ``steps_down`` steps of ``step_down_pct`` each, as the coach
    moves to it (and names it, rounded). Pure."""
    return round(target_spm * (1 - steps_down * step_down_pct / 100), 1)


class TargetAdjuster:
    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.steps_down = 0
        """How many steps below the plan's targets the session now is."""
        self._seconds: deque[tuple[float, int | None]] = deque()
        """Coached seconds since the last change: -1 under the zone, 0 at or over the
        target and in the zone, 1 over the zone (under the target in the zone: ``None``)."""
        self._cues_at_change = 0
        self._rose = False
        self._may_rise = True
        """A rise that did not hold (stepped down again) is not offered again."""

    @property
    def factor(self) -> float:
        """What the plan's running targets are multiplied by now."""
        return 1 - self.steps_down * self.config.step_down_pct / 100

    def adjusted(self, seg: Segment) -> Segment:
        """``seg`` with the session's current step applied (running segments only)."""
        if not self.steps_down or not seg.coached:
            return seg
        f = self.factor
        lo, hi = seg.zone_spm
        return dataclasses.replace(
            seg,
            target_spm=stepped_target(seg.target_spm, self.steps_down, self.config.step_down_pct),
            zone_spm=(round(lo * f, 1), round(hi * f, 1)),
        )

    def step(
        self, now: float, est: Estimate, planned: Segment, cues_given: int, actions: list[Action]
    ) -> bool:
        """Take the coached moment ``now`` of the ``planned`` segment; True when the target
        changed (the caller then starts the drift watcher afresh)."""
        seg = self.adjusted(planned)
        cadence = est.steady_cadence_spm
        if cadence is None or (self._seconds and now - self._seconds[-1][0] < 1.0):
            return False  # one look a second: the windows count seconds
        self._seconds.append((now, _side(seg, cadence)))
        cfg = self.config
        down = self._recent(cfg.step_down_after_s)
        if (
            down is not None
            and down.count(-1) >= MOSTLY * len(down)
            and self._may_step_down(seg)
            and cues_given - self._cues_at_change >= MIN_CUES
        ):
            self._may_rise = not self._rose
            return self._change(planned, +1, "step_down", cues_given, actions)
        up = self._recent(cfg.step_up_after_s)
        if (
            self.steps_down
            and self._may_rise
            and up is not None
            and up.count(0) >= MOSTLY * len(up)
        ):
            self._rose = True
            return self._change(planned, -1, "step_up", cues_given, actions)
        return False

    def _may_step_down(self, seg: Segment) -> bool:
        cfg = self.config
        if self.steps_down >= cfg.max_step_downs:
            return False
        lower = seg.target_spm * (1 - cfg.step_down_pct / 100 / self.factor)
        return cfg.habitual_spm is None or lower >= cfg.habitual_spm * STEP_FLOOR

    def _recent(self, seconds: float) -> list[int | None] | None:
        """The last ``seconds`` coached seconds since the last change; ``None`` until there
        are that many."""
        span = int(max(self.config.step_down_after_s, self.config.step_up_after_s))
        while len(self._seconds) > span:
            self._seconds.popleft()
        n = int(seconds)
        if len(self._seconds) < n:
            return None
        return [side for _, side in list(self._seconds)[-n:]]

    def _change(
        self, planned: Segment, steps: int, key: str, cues: int, actions: list[Action]
    ) -> bool:
        before = self.adjusted(planned).target_spm
        self.steps_down += steps
        after = self.adjusted(planned).target_spm
        self._seconds.clear()
        self._cues_at_change = cues
        actions.append(Mark(EventKind.TARGET, f"{before:g} -> {after:g}"))
        actions.append(SetTempo(after, self.config.ramp_beats))
        actions.append(Say(key, round(after)))
        return True


def _side(seg: Segment, cadence: float) -> int | None:
    """-1 under the zone, 1 over it, 0 holding the target (in the zone, at or above the
    target), ``None`` in the zone's lower half: not under, but not holding it either."""
    lo, hi = seg.zone_spm
    if cadence < lo:
        return -1
    if cadence > hi:
        return 1
    return 0 if cadence >= seg.target_spm - 0.5 else None
