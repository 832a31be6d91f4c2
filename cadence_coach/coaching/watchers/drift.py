"""Drift out of the zone, coached so a runner keeps the coach switched on.

- A cue needs the runner *clearly* past the edge: by :attr:`CoachConfig.edge_margin_pct` of
  the target (recorded cadence moves in whole or even steps), and, in a session that raises
  cadence, by a further :attr:`CoachConfig.overshoot_pct` above it.
- The first cue comes after a dwell; reminders for the same excursion come ever further
  apart (30 s, 1, 2, then every 4 minutes), firmer after the first, and a budget caps drift
  cues across excursions (:class:`CueBudget`): after a cue or two the beat does the work.
- An excursion ends only when the zone is held for a few seconds (a flicker back across the
  edge continues it), with praise once if it was cued.
- Slowing down restarts the dwell: slowing into a stop is a stop, not a drift.
- In faded mode the beat withdraws while the zone is held and comes back first on a drift.

It also keeps the segment's cadence figures for its closing line.
"""

from __future__ import annotations

from enum import Enum

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say, SegmentResult
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.metronome_wish import MetronomeWish
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment

MIN_READINGS_FOR_RESULT = 20
"""Ten seconds of readings at two a second: fewer say nothing worth a closing line."""


class Zone(Enum):
    IN = "in"
    EDGE = "edge"
    """Past the zone's edge, but not clearly: never cued."""
    LOW = "low"
    HIGH = "high"


def zone_of(seg: Segment, cadence_spm: float, config: CoachConfig) -> Zone:
    """Where ``cadence_spm`` falls, with the margins a cue needs beyond each edge."""
    lo, hi = seg.zone_spm
    if lo <= cadence_spm <= hi:
        return Zone.IN
    margin = config.edge_margin_pct / 100 * seg.target_spm
    if cadence_spm < lo - margin:
        return Zone.LOW
    if cadence_spm > hi + margin + config.overshoot_pct / 100 * seg.target_spm:
        return Zone.HIGH
    return Zone.EDGE


class CueBudget:
    """At most ``capacity`` drift cues at once, earning one back every ``refill_s``: the
    ceiling on drift cues per minute, whatever the excursions."""

    def __init__(self, capacity: int, refill_s: float) -> None:
        self.capacity = capacity
        self.refill_s = refill_s
        self._tokens = float(capacity)
        self._at: float | None = None

    def take(self, now: float) -> bool:
        """Spend one cue if there is one to spend at ``now``."""
        if self._at is not None:
            self._tokens = min(self.capacity, self._tokens + (now - self._at) / self.refill_s)
        self._at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


class DriftWatcher:
    def __init__(self, config: CoachConfig, metronome: MetronomeWish) -> None:
        self.config = config
        self.metronome = metronome
        self.budget = CueBudget(config.cue_budget, config.cue_refill_s)
        self._excursion: Zone | None = None
        """LOW or HIGH while an excursion is in progress."""
        self._in_since: float | None = None
        self._next_cue_at = 0.0
        self._last_cue: float | None = None
        self._excursion_cues = 0
        self._quiet_until = 0.0
        self.cues_given = 0
        """Drift cues in the whole session."""
        self._total = 0.0
        self._readings = 0
        self._inside = 0

    def reset(self) -> None:
        """Forget the excursion in progress (a pause, a walk, a lost sensor, a new segment)."""
        self._excursion = None
        self._in_since = None
        self._excursion_cues = 0

    def quiet_until(self, t: float) -> None:
        """No drift cue before ``t`` (the dwell starts when the quiet ends)."""
        self._quiet_until = max(self._quiet_until, t)

    def new_segment(self, now: float) -> SegmentResult | None:
        """A segment starts: the last one's figures, then a fresh start with a grace."""
        result = None
        if self._readings >= MIN_READINGS_FOR_RESULT:
            result = SegmentResult(
                round(self._total / self._readings), round(100 * self._inside / self._readings)
            )
        self.reset()
        self._quiet_until = now + self.config.grace_s
        self._total, self._readings, self._inside = 0.0, 0, 0
        return result

    def count(self, est: Estimate, seg: Segment) -> None:
        """Keep the segment's figures (from the steadier estimate, as the record is)."""
        cadence = est.steady_cadence_spm or est.cadence_spm
        if cadence is None:
            return
        lo, hi = seg.zone_spm
        self._total += cadence
        self._readings += 1
        self._inside += lo <= cadence <= hi

    def step(self, now: float, est: Estimate, seg: Segment, actions: list[Action]) -> None:
        """Coach the estimate ``est`` (with a cadence) against the segment ``seg``."""
        assert est.cadence_spm is not None
        zone = zone_of(seg, est.cadence_spm, self.config)
        faded = seg.metronome is MetronomeMode.FADED
        if zone is Zone.IN:
            self._in_zone(now, faded, actions)
        elif zone is Zone.EDGE:
            self._in_since = None  # not back yet, and not clearly out: no cue
        else:
            self._out_of_zone(now, zone, est, faded, actions)

    def _in_zone(self, now: float, faded: bool, actions: list[Action]) -> None:
        if self._in_since is None:
            self._in_since = now
        held = now - self._in_since
        if self._excursion is not None and held >= self.config.praise_after_s:
            if self._excursion_cues:
                actions.append(Say("in_zone"))  # praise once, and only after a drift cue
            self.reset()
            self._in_since = now - held
        if faded and held >= self.config.fade_after_s:
            self.metronome.want(False, "zone held", actions)

    def _out_of_zone(
        self, now: float, zone: Zone, est: Estimate, faded: bool, actions: list[Action]
    ) -> None:
        cfg = self.config
        self._in_since = None
        if zone is not self._excursion:
            # A new excursion (the other side, or after the zone was held).
            self._excursion, self._excursion_cues = zone, 0
            self._next_cue_at = now + cfg.dwell_s
        if now < self._quiet_until or est.slowing:
            self._next_cue_at = max(self._next_cue_at, now + cfg.dwell_s)
            return
        if now < self._next_cue_at:
            return
        if faded and not self.metronome.wanted:
            # The returning beat is the first feedback; words only if the drift persists.
            self.metronome.want(True, "drift", actions)
            self._next_cue_at = now + cfg.dwell_s
            return
        if self._last_cue is not None and now - self._last_cue < cfg.cooldown_s:
            return
        if not self.budget.take(now):
            self._next_cue_at = now + cfg.dwell_s  # the ceiling: look again later
            return
        self._cue(now, zone, est.cadence_spm, actions)

    def _cue(self, now: float, zone: Zone, cadence: float | None, actions: list[Action]) -> None:
        cfg = self.config
        key = "cadence_up" if zone is Zone.LOW else "cadence_down"
        if self._excursion_cues >= cfg.escalate_after:
            key += "_firm"
        n = round(cadence) if cfg.say_numbers and cadence is not None else None
        actions.append(Say(key, n))
        actions.append(Mark(EventKind.DRIFT, f"{zone.value} {cadence or 0:.0f}"))
        self._last_cue = now
        self._excursion_cues += 1
        self.cues_given += 1
        backoff = cfg.cooldown_s * 2 ** (self._excursion_cues - 1)
        self._next_cue_at = now + min(backoff, cfg.reminder_max_s)
